namespace Skiff.Api.Protobuf;

/// <summary>One field of a message in the schema table: number, JSON name, shape and type.</summary>
public sealed class ProtoField(int number, string jsonName, ProtoFieldShape shape, ProtoType type, string? messageName)
{
    public int Number { get; } = number;

    /// <summary>The JSON name (for an inline field, upstream's proto name; its JSON fields are the message's own).</summary>
    public string JsonName { get; } = jsonName;

    public ProtoFieldShape Shape { get; } = shape;

    /// <summary>The type of the value, of each element of a repeated field, or of each value of a map.</summary>
    public ProtoType Type { get; } = type;

    /// <summary>The fully qualified message name when <see cref="Type"/> is <see cref="ProtoType.Message"/>.</summary>
    public string? MessageName { get; } = messageName;

    /// <summary>The resolved message when <see cref="Type"/> is <see cref="ProtoType.Message"/>.</summary>
    public ProtoMessage? Message { get; internal set; }

    /// <summary>The Go field name upstream's errors use, as far as it follows from the JSON name.</summary>
    public string GoName => char.ToUpperInvariant(JsonName[0]) + JsonName[1..];

    public override string ToString() => $"{Number} {JsonName} {Shape} {Type} {MessageName}";
}
