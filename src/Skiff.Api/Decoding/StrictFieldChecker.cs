using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skiff.Api.Decoding;

/// <summary>
/// Finds what kube-apiserver's strict decoding rejects in a request body: fields the model does not have and fields
/// given twice (fieldValidation=Strict answers them as errors, Warn as warnings). The create, update, patch and apply
/// paths all call this; YAML bodies also go through <see cref="YamlDuplicateKeys"/>.
/// </summary>
public static class StrictFieldChecker
{
    /// <summary>A JSON patch operation as upstream decodes it strictly: op, path, from, and a free-form value.</summary>
    private static readonly FieldShape JsonPatchDocument = FieldShape.List(FieldShape.Object(
        ("op", null), ("path", null), ("from", null), ("value", FieldShape.FreeForm)));

    /// <summary>Upstream's maximum nesting of a JSON document, plus the document itself.</summary>
    private const int MaxDepth = 64;

    /// <summary>
    /// The unknown and duplicate fields of <paramref name="json"/> decoded as <paramref name="modelType"/> (a k8s.Models
    /// class), in document order; empty (and nothing allocated) when there are none. Throws <see cref="JsonException"/>
    /// when the body is not well-formed JSON.
    /// </summary>
    public static IReadOnlyList<StrictFieldError> Check(ReadOnlySpan<byte> json, Type modelType) =>
        Walk(json, FieldShape.For(modelType));

    /// <inheritdoc cref="Check(ReadOnlySpan{byte}, Type)"/>
    public static IReadOnlyList<StrictFieldError> Check(JsonNode json, Type modelType) =>
        Check(JsonSerializer.SerializeToUtf8Bytes(json), modelType);

    /// <summary>
    /// Duplicate fields of an untyped document: upstream decodes merge and strategic merge patches into a map, where
    /// every key is known.
    /// </summary>
    public static IReadOnlyList<StrictFieldError> CheckFreeForm(ReadOnlySpan<byte> json) => Walk(json, FieldShape.FreeForm);

    /// <summary>Unknown and duplicate fields of a JSON patch's operations (paths such as <c>[0].foo</c>).</summary>
    public static IReadOnlyList<StrictFieldError> CheckJsonPatch(ReadOnlySpan<byte> json) => Walk(json, JsonPatchDocument);

    private static IReadOnlyList<StrictFieldError> Walk(ReadOnlySpan<byte> json, FieldShape? shape)
    {
        Span<PathSegment> path = stackalloc PathSegment[MaxDepth + 1];
        return new StrictFieldWalker(json, path).Walk(shape);
    }
}
