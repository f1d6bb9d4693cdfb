using System.Collections.Frozen;
using System.Globalization;

namespace Skiff.Api.Protobuf;

/// <summary>
/// The protobuf schema of every kind Skiff serves: our own transcription of upstream's field numbers (from
/// k8s.io/api and k8s.io/apimachinery generated.proto, with pointer and omitempty taken from the Go types).
/// </summary>
/// <remarks>
/// The table is text, one block per API package (the <c>ProtoSchema.*.cs</c> files):
/// <code>
/// package core.v1 v1           the package and the apiVersion its kinds are served under
/// kind ConfigMap               a message that is also a top-level kind ("message X" for the others)
///   1 metadata meta.v1.ObjectMeta
///   2 data map[string]string
///   4 immutable *bool
/// </code>
/// Each field line is <c>number jsonName type</c>. Types are the scalars <c>string bool int32 int64 double bytes</c>,
/// the special types <c>Time MicroTime Quantity IntOrString RawExtension FieldsV1</c>, or a message (without a dot:
/// in the same package). <c>*T</c> is a pointer in upstream's Go struct, <c>T?</c> a value with omitempty, a bare
/// <c>T</c> a value without it (see <see cref="ProtoFieldShape"/>); <c>[]T</c> is repeated, <c>map[string]T</c> a
/// map; a trailing <c>inline</c> marks an embedded struct whose JSON fields sit in the parent object. Lines starting
/// with <c>#</c> are comments.
/// </remarks>
public static partial class ProtoSchema
{
    private static readonly (FrozenDictionary<string, ProtoMessage> Messages, FrozenDictionary<(string, string), ProtoMessage> Kinds) Table =
        Parse([CoreV1, AppsV1, AutoscalingV1, AutoscalingV2, CoordinationV1, DiscoveryV1, MetaV1]);

    /// <summary>Every message by its fully qualified name.</summary>
    public static IReadOnlyDictionary<string, ProtoMessage> Messages => Table.Messages;

    /// <summary>The message of a top-level kind served under an apiVersion, or null.</summary>
    public static ProtoMessage? FindKind(string apiVersion, string kind)
    {
        if (Table.Kinds.TryGetValue((apiVersion, kind), out var message))
        {
            return message;
        }

        // Upstream registers DeleteOptions in every group version (and meta.k8s.io/v1); client-go sends it under the
        // client's own group version. Status is unversioned, "v1".
        return kind switch
        {
            "DeleteOptions" when apiVersion == "meta.k8s.io/v1" || Table.Kinds.Keys.Any(k => k.Item1 == apiVersion) =>
                Table.Messages["meta.v1.DeleteOptions"],
            "Status" when apiVersion is "v1" or "meta.k8s.io/v1" => Table.Messages["meta.v1.Status"],
            _ => null,
        };
    }

    private static (FrozenDictionary<string, ProtoMessage>, FrozenDictionary<(string, string), ProtoMessage>) Parse(string[] blocks)
    {
        var fieldsByMessage = new Dictionary<string, List<ProtoField>>();
        var kinds = new Dictionary<(string, string), string>();
        foreach (var block in blocks)
        {
            string? package = null;
            string? apiVersion = null;
            List<ProtoField>? fields = null;
            string? messageName = null;
            foreach (var rawLine in block.Split('\n'))
            {
                var parts = rawLine.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length == 0 || parts[0].StartsWith('#'))
                {
                    continue;
                }

                switch (parts[0])
                {
                    case "package":
                        package = parts[1];
                        apiVersion = parts.Length > 2 ? parts[2] : null;
                        break;
                    case "kind" or "message":
                        messageName = $"{package}.{parts[1]}";
                        fields = [];
                        fieldsByMessage.Add(messageName, fields);
                        if (parts[0] == "kind")
                        {
                            kinds.Add((apiVersion ?? throw Malformed(rawLine), parts[1]), messageName);
                        }

                        break;
                    default:
                        if (fields is null || package is null || parts.Length is < 3 or > 4)
                        {
                            throw Malformed(rawLine);
                        }

                        fields.Add(ParseField(parts, package, rawLine));
                        break;
                }
            }
        }

        var messages = fieldsByMessage.ToDictionary(kv => kv.Key, kv => new ProtoMessage(kv.Key, kv.Value));
        foreach (var field in messages.Values.SelectMany(m => m.Fields).Where(f => f.MessageName is not null))
        {
            field.Message = messages.GetValueOrDefault(field.MessageName!)
                ?? throw new InvalidOperationException($"protobuf schema: unknown message {field.MessageName}");
        }

        return (messages.ToFrozenDictionary(), kinds.ToFrozenDictionary(kv => kv.Key, kv => messages[kv.Value]));
    }

    private static ProtoField ParseField(string[] parts, string package, string line)
    {
        var number = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var type = parts[2];
        ProtoFieldShape shape;
        if (parts.Length == 4)
        {
            shape = parts[3] == "inline" ? ProtoFieldShape.Inline : throw Malformed(line);
        }
        else if (type.StartsWith("[]", StringComparison.Ordinal))
        {
            (shape, type) = (ProtoFieldShape.Repeated, type[2..]);
        }
        else if (type.StartsWith("map[string]", StringComparison.Ordinal))
        {
            (shape, type) = (ProtoFieldShape.Map, type["map[string]".Length..]);
        }
        else if (type.StartsWith('*'))
        {
            (shape, type) = (ProtoFieldShape.Pointer, type[1..]);
        }
        else if (type.EndsWith('?'))
        {
            (shape, type) = (ProtoFieldShape.OmitEmpty, type[..^1]);
        }
        else
        {
            shape = ProtoFieldShape.Value;
        }

        var protoType = type switch
        {
            "string" => ProtoType.String,
            "bool" => ProtoType.Bool,
            "int32" => ProtoType.Int32,
            "int64" => ProtoType.Int64,
            "double" => ProtoType.Double,
            "bytes" => ProtoType.Bytes,
            "Time" => ProtoType.Time,
            "MicroTime" => ProtoType.MicroTime,
            "Quantity" => ProtoType.Quantity,
            "IntOrString" => ProtoType.IntOrString,
            "RawExtension" => ProtoType.RawExtension,
            "FieldsV1" => ProtoType.FieldsV1,
            _ => ProtoType.Message,
        };
        if ((shape == ProtoFieldShape.OmitEmpty && protoType is not (ProtoType.String or ProtoType.Bool or ProtoType.Int32 or ProtoType.Int64 or ProtoType.Double))
            || (shape == ProtoFieldShape.Inline && protoType != ProtoType.Message))
        {
            throw Malformed(line);
        }

        var messageName = protoType != ProtoType.Message ? null : type.Contains('.') ? type : $"{package}.{type}";
        return new ProtoField(number, parts[1], shape, protoType, messageName);
    }

    private static InvalidOperationException Malformed(string line) => new($"protobuf schema: malformed line '{line.Trim()}'");
}
