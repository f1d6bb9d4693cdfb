namespace Skiff.Api.Decoding;

/// <summary>The fieldValidation query parameter of create, update and patch: what to do with unknown and duplicate fields.</summary>
public enum FieldValidationDirective
{
    /// <summary>Drop them silently (kubectl --validate=false).</summary>
    Ignore,

    /// <summary>Accept the request and answer a Warning header for each (upstream's default when the parameter is absent).</summary>
    Warn,

    /// <summary>Refuse the request (kubectl's default, --validate=strict).</summary>
    Strict,
}
