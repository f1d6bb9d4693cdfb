using Skiff.Api.Admission;
using Skiff.Api.Decoding;
using Skiff.Api.Syntax;

namespace Skiff.ApiServer.Http;

/// <summary>The fieldValidation query parameter of create, update and patch, checked as upstream checks their options.</summary>
public static class FieldValidationParameter
{
    /// <summary>
    /// Strict, Warn or Ignore; absent or empty is Warn (upstream's default). Anything else is upstream's 422 on
    /// <paramref name="optionsKind"/> (CreateOptions, UpdateOptions or PatchOptions), e.g.
    /// <c>CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"</c>.
    /// </summary>
    public static FieldValidationDirective Parse(string? value, string optionsKind) => value switch
    {
        null or "" or "Warn" => FieldValidationDirective.Warn,
        "Strict" => FieldValidationDirective.Strict,
        "Ignore" => FieldValidationDirective.Ignore,
        _ => throw ApiErrors.Invalid("meta.k8s.io", optionsKind, "",
            [new FieldError("FieldValueNotSupported", "fieldValidation",
                $"Unsupported value: {GoQuote.Quote(value)}: supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"")]),
    };
}
