using System.Collections.Frozen;

namespace Skiff.Api.Protobuf;

/// <summary>A message of the schema table: its fully qualified name and its fields in field-number order.</summary>
public sealed class ProtoMessage
{
    private readonly FrozenDictionary<int, ProtoField> byNumber;

    public ProtoMessage(string name, IEnumerable<ProtoField> fields)
    {
        Name = name;
        Fields = [.. fields.OrderBy(f => f.Number)];
        byNumber = Fields.ToFrozenDictionary(f => f.Number);
        if (byNumber.Count != Fields.Count)
        {
            throw new ArgumentException($"message {name} repeats a field number", nameof(fields));
        }
    }

    /// <summary>Fully qualified: package and message, e.g. <c>core.v1.Pod</c>.</summary>
    public string Name { get; }

    /// <summary>The message name without its package, as upstream's errors name it.</summary>
    public string ShortName => Name[(Name.LastIndexOf('.') + 1)..];

    /// <summary>Fields in ascending field-number order.</summary>
    public IReadOnlyList<ProtoField> Fields { get; }

    public ProtoField? Find(int number) => byNumber.GetValueOrDefault(number);

    public override string ToString() => Name;
}
