using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Skiff.Api.Admission;
using Skiff.Api.Decoding;
using Skiff.Api.Syntax;

namespace Skiff.ApiServer.Http;

/// <summary>
/// fieldValidation Strict or Warn on one patch, as upstream's patch handler applies it: the patch document itself is
/// decoded strictly (repeated keys of a merge or strategic merge patch; unknown or repeated fields of JSON patch
/// operations, reported as <c>json patch unknown field "[0].foo"</c>), then the patched object is (its unknown fields).
/// </summary>
/// <remarks>
/// Under Strict the problems are upstream's 422 on the patch:
/// <c> "" is invalid: patch: Invalid value: "...": strict decoding error: unknown field "spec.foo"</c>, which kubectl
/// prints as <c>The request is invalid: patch: Invalid value: ...</c>. The value is the patched object's JSON for JSON
/// and merge patches, and Go's %+v of the patch for strategic merge patches (<c>map[spec:map[foo:1]]</c>).
/// </remarks>
internal sealed class PatchFieldValidation
{
    private const string JsonPatchType = "application/json-patch+json";
    private const string StrategicMergePatchType = "application/strategic-merge-patch+json";

    private static readonly JsonSerializerOptions PatchedObjectText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpContext context;
    private readonly FieldValidationDirective directive;
    private readonly string patchType;
    private readonly JsonNode patch;
    private readonly IReadOnlyList<StrictFieldError> patchErrors;

    public PatchFieldValidation(HttpContext context, FieldValidationDirective directive, string patchType, byte[] body, JsonNode patch)
    {
        this.context = context;
        this.directive = directive;
        this.patchType = patchType;
        this.patch = patch;
        patchErrors = patchType == JsonPatchType ? StrictFieldChecker.CheckJsonPatch(body) : StrictFieldChecker.CheckFreeForm(body);
    }

    /// <summary>Checks one application of the patch (a retried patch is checked again; warnings are not repeated).</summary>
    public void Check(JsonNode patched, Type modelType)
    {
        var report = new StrictDecodingReport()
            .Add(patchErrors, patchType == JsonPatchType ? "json patch " : "")
            .Add(StrictFieldChecker.Check(patched, modelType));
        if (report.IsEmpty)
        {
            return;
        }

        if (directive == FieldValidationDirective.Warn)
        {
            ResponseWarnings.AddRange(context, report.Warnings);
            return;
        }

        var value = patchType == StrategicMergePatchType ? GoValueText.Format(patch) : patched.ToJsonString(PatchedObjectText);
        throw ApiErrors.Invalid("", "", "",
            [new FieldError("FieldValueInvalid", "patch", $"Invalid value: {GoQuote.Quote(value)}: {report.ErrorText}")]);
    }
}
