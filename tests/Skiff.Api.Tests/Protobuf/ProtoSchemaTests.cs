using System.Reflection;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Skiff.Api.Protobuf;

namespace Skiff.Api.Tests.Protobuf;

public class ProtoSchemaTests
{
    [Fact]
    public void Every_message_reference_in_the_table_resolves()
    {
        var references = ProtoSchema.Messages.Values.SelectMany(m => m.Fields).Where(f => f.Type == ProtoType.Message).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, f => Assert.Same(ProtoSchema.Messages[f.MessageName!], f.Message));
    }

    [Theory]
    [MemberData(nameof(ServedKinds.Names), MemberType = typeof(ServedKinds))]
    public void Every_served_kind_and_list_has_a_message(string apiVersion, string kind)
    {
        var message = ProtoSchema.FindKind(apiVersion, kind);

        Assert.NotNull(message);
        Assert.Equal(kind, message.ShortName);
    }

    [Fact]
    public void Delete_options_are_read_under_every_group_version_and_unknown_kinds_are_not()
    {
        Assert.Equal("meta.v1.DeleteOptions", ProtoSchema.FindKind("apps/v1", "DeleteOptions")?.Name);
        Assert.Equal("meta.v1.DeleteOptions", ProtoSchema.FindKind("meta.k8s.io/v1", "DeleteOptions")?.Name);
        Assert.Null(ProtoSchema.FindKind("example.com/v1", "DeleteOptions"));
        Assert.Null(ProtoSchema.FindKind("v1", "Widget"));
        Assert.Null(ProtoSchema.FindKind("apps/v1", "Pod"));
    }

    [Theory]
    [MemberData(nameof(ServedKinds.Names), MemberType = typeof(ServedKinds))]
    public void Every_model_property_has_a_field_of_a_matching_type(string apiVersion, string kind)
    {
        var problems = new List<string>();

        Walk(ServedKinds.ModelOf(apiVersion, kind), ProtoSchema.FindKind(apiVersion, kind)!, kind, problems, []);

        Assert.Empty(problems);
    }

    private static void Walk(Type model, ProtoMessage message, string path, List<string> problems, HashSet<(Type, string)> seen)
    {
        if (!seen.Add((model, message.Name)))
        {
            return;
        }

        var fields = JsonFields(message);
        foreach (var property in model.GetProperties())
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            // apiVersion and kind of an object travel in the envelope (or, nested, nowhere: upstream drops them too).
            if (name is null || (name is "apiVersion" or "kind" && typeof(IKubernetesObject).IsAssignableFrom(model)))
            {
                continue;
            }

            if (!fields.TryGetValue(name, out var field))
            {
                problems.Add($"{path}.{name}: no field in {message.Name}");
                continue;
            }

            var type = property.PropertyType;
            if (field.Shape == ProtoFieldShape.Repeated)
            {
                type = ElementType(type, typeof(IList<>));
            }
            else if (field.Shape == ProtoFieldShape.Map)
            {
                type = ElementType(type, typeof(IDictionary<,>));
            }

            type = Nullable.GetUnderlyingType(type) ?? type;
            var expected = field.Type switch
            {
                ProtoType.String => typeof(string),
                ProtoType.Bool => typeof(bool),
                ProtoType.Int32 => typeof(int),
                ProtoType.Int64 => typeof(long),
                ProtoType.Double => typeof(double),
                ProtoType.Bytes => typeof(byte[]),
                ProtoType.Time or ProtoType.MicroTime => typeof(DateTime),
                ProtoType.Quantity => typeof(ResourceQuantity),
                ProtoType.IntOrString => typeof(IntOrString),
                ProtoType.RawExtension or ProtoType.FieldsV1 => typeof(object),
                _ => null,
            };
            if (expected is null && type.Namespace == "k8s.Models")
            {
                Walk(type, field.Message!, $"{path}.{name}", problems, seen);
            }
            else if (type != expected)
            {
                problems.Add($"{path}.{name}: model type {type.Name}, schema {field.Shape} {field.Type} {field.MessageName}");
            }
        }
    }

    /// <summary>The message's fields by JSON name, the fields of inline messages included.</summary>
    private static Dictionary<string, ProtoField> JsonFields(ProtoMessage message)
    {
        var fields = new Dictionary<string, ProtoField>();
        foreach (var field in message.Fields)
        {
            if (field.Shape == ProtoFieldShape.Inline)
            {
                foreach (var (name, inner) in JsonFields(field.Message!))
                {
                    fields.Add(name, inner);
                }
            }
            else
            {
                fields.Add(field.JsonName, field);
            }
        }

        return fields;
    }

    private static Type ElementType(Type type, Type generic)
    {
        var match = type.IsGenericType && type.GetGenericTypeDefinition() == generic
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);
        return match?.GetGenericArguments()[^1] ?? typeof(void);
    }
}
