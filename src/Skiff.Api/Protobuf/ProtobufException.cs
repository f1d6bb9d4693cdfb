namespace Skiff.Api.Protobuf;

/// <summary>Malformed protobuf input or a value that cannot be encoded; messages follow upstream's generated code.</summary>
public sealed class ProtobufException : Exception
{
    public ProtobufException()
    {
    }

    public ProtobufException(string message)
        : base(message)
    {
    }

    public ProtobufException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The kind the envelope named, once it was read (upstream words errors after that point differently).</summary>
    public string? DataKind { get; init; }

    /// <summary>The version (without group) the envelope named, once it was read.</summary>
    public string? DataVersion { get; init; }

    internal static ProtobufException UnexpectedEof() => new("unexpected EOF");

    internal static ProtobufException IntegerOverflow() => new("proto: integer overflow");

    internal static ProtobufException InvalidLength() => new("proto: negative length found during unmarshaling");
}
