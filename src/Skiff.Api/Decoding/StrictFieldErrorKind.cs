namespace Skiff.Api.Decoding;

/// <summary>Why a strict decoder rejects a field.</summary>
public enum StrictFieldErrorKind
{
    /// <summary>The model has no such JSON property.</summary>
    Unknown,

    /// <summary>The same key appears twice in one JSON object.</summary>
    Duplicate,
}
