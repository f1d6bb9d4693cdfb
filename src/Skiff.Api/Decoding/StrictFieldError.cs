using Skiff.Api.Syntax;

namespace Skiff.Api.Decoding;

/// <summary>One field a strict decoder rejects, at a path such as <c>spec.template.spec.containers[0].bar</c>.</summary>
/// <remarks>
/// <see cref="ToString"/> is upstream's wording (sigs.k8s.io/json): <c>unknown field "spec.foo"</c> or
/// <c>duplicate field "metadata.labels.app"</c>, the path Go-quoted.
/// </remarks>
public sealed record StrictFieldError(StrictFieldErrorKind Kind, string Path)
{
    public override string ToString() =>
        (Kind == StrictFieldErrorKind.Unknown ? "unknown field " : "duplicate field ") + GoQuote.Quote(Path);
}
