using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;
using Skiff.Api.Admission;

namespace Skiff.ApiServer.Http;

/// <summary>
/// The manager a write is recorded under: the fieldManager parameter, else the User-Agent up to its first '/'
/// ("kubectl/v1.32.0 (linux/amd64) ..." is "kubectl"), without unprintable characters and cut at 128 bytes (possibly
/// empty), as upstream's managerOrUserAgent; and the checks upstream's Create/Update/PatchOptions validation makes.
/// </summary>
public static class FieldManagerName
{
    public const int MaxLength = 128;

    public static string? Resolve(string method, StringValues fieldManager, StringValues userAgent)
    {
        if (method is not ("POST" or "PUT" or "PATCH"))
        {
            return null;
        }

        var requested = First(fieldManager);
        if (requested.Length > 0)
        {
            Validate(method, requested);
            return requested;
        }

        var agent = userAgent.ToString();
        var slash = agent.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? agent : agent[..slash];
        var builder = new StringBuilder();
        var bytes = 0;
        foreach (var rune in prefix.EnumerateRunes())
        {
            if (!IsPrintable(rune))
            {
                continue;
            }

            if (bytes + rune.Utf8SequenceLength > MaxLength)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            builder.Append(rune.ToString());
        }

        return builder.ToString(); // "" when the agent has nothing printable, as upstream records it
    }

    /// <summary>Apply needs fieldManager; force belongs to apply only (422 on PatchOptions, as upstream).</summary>
    public static void ValidatePatchOptions(bool apply, StringValues fieldManager, bool force)
    {
        if (apply && First(fieldManager).Length == 0)
        {
            throw Invalid("PatchOptions", new FieldError("FieldValueRequired", "fieldManager", "Required value: is required for apply patch"));
        }

        if (!apply && force)
        {
            throw Invalid("PatchOptions", new FieldError("FieldValueForbidden", "force", "Forbidden: may not be specified for non-apply patch"));
        }
    }

    /// <summary>
    /// Upstream decodes query parameters into the options struct taking a repeated parameter's first value:
    /// ?fieldManager=a&amp;fieldManager=b is manager "a", not StringValues' "a,b".
    /// </summary>
    private static string First(StringValues values) => values.Count == 0 ? "" : values[0] ?? "";

    private static void Validate(string method, string fieldManager)
    {
        var kind = method switch { "POST" => "CreateOptions", "PUT" => "UpdateOptions", _ => "PatchOptions" };
        if (Encoding.UTF8.GetByteCount(fieldManager) > MaxLength)
        {
            throw Invalid(kind, new FieldError("FieldValueTooLong", "fieldManager", $"Too long: may not be more than {MaxLength} bytes"));
        }

        if (fieldManager.EnumerateRunes().Any(r => !IsPrintable(r)))
        {
            throw Invalid(kind, new FieldError("FieldValueInvalid", "fieldManager",
                $"Invalid value: {Api.Syntax.GoQuote.Quote(fieldManager)}: must only contain printable characters"));
        }
    }

    private static bool IsPrintable(Rune rune) =>
        rune.Value == ' ' || !(Rune.IsControl(rune) || Rune.IsWhiteSpace(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned);

    private static ApiException Invalid(string kind, FieldError error) =>
        ApiErrors.Make(422, "Invalid", $"{kind}.meta.k8s.io \"\" is invalid: {error.Field}: {error.Message}",
            new k8s.Models.V1StatusDetails
            {
                Group = "meta.k8s.io",
                Kind = kind,
                Causes = [new k8s.Models.V1StatusCause { Reason = error.Type, Message = error.Message, Field = error.Field }],
            });
}
