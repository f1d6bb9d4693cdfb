namespace Skiff.Api.Admission;

/// <summary>
/// The slice of docker reference parsing that imagePullPolicy defaulting needs: an image without tag and digest
/// means ":latest"; an unparsable reference has no tag.
/// </summary>
internal static class ImageReference
{
    public static bool HasLatestTag(string image)
    {
        if (image.Length == 0)
        {
            return false;
        }
        var digestAt = image.IndexOf('@', StringComparison.Ordinal);
        var hasDigest = digestAt >= 0;
        var nameAndTag = hasDigest ? image[..digestAt] : image;

        // The first path component is a registry when it has '.' or ':', is "localhost", or has upper case letters.
        var slash = nameAndTag.IndexOf('/', StringComparison.Ordinal);
        var remainder = nameAndTag;
        if (slash >= 0)
        {
            var first = nameAndTag[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" || first.Any(char.IsUpper))
            {
                remainder = nameAndTag[(slash + 1)..];
            }
        }
        var colon = remainder.LastIndexOf(':');
        var repository = colon >= 0 ? remainder[..colon] : remainder;
        var tag = colon >= 0 ? remainder[(colon + 1)..] : "";
        if (repository.Length == 0 || repository.Any(char.IsUpper))
        {
            return false; // not a valid reference: upstream ignores the parse error and sees no tag
        }
        return tag.Length == 0 ? !hasDigest : tag == "latest";
    }
}
