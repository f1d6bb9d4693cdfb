namespace Skiff.Api.Protobuf;

/// <summary>
/// How a field sits in upstream's Go struct, which decides when upstream writes it and when its JSON form shows it.
/// </summary>
public enum ProtoFieldShape
{
    /// <summary>A value without omitempty: always written, always in JSON (zero included).</summary>
    Value,

    /// <summary>A value with omitempty: always written, left out of JSON when zero ("", 0, false).</summary>
    OmitEmpty,

    /// <summary>A pointer (or a byte slice): written only when set, and then in JSON even when zero.</summary>
    Pointer,

    /// <summary>A slice: one wire field per element (scalars unpacked, packed also read); left out when empty.</summary>
    Repeated,

    /// <summary>A map: one {1: key, 2: value} entry message per key, keys sorted; left out when empty.</summary>
    Map,

    /// <summary>An embedded struct whose JSON fields sit in the parent object; always written.</summary>
    Inline,
}
