namespace Skiff.Api.Decoding;

/// <summary>
/// The strict decoding problems of one request in upstream's words, in the order upstream finds them: the error text a
/// Strict request fails with and the warnings a Warn request is answered with.
/// </summary>
public sealed class StrictDecodingReport
{
    private const string YamlPrefix = "yaml: unmarshal errors:\n  ";

    private readonly List<string> problems = [];

    public bool IsEmpty => problems.Count == 0;

    /// <summary>go-yaml's strict errors (<see cref="YamlDuplicateKeys"/>), one problem as upstream wraps them.</summary>
    public StrictDecodingReport AddYaml(IReadOnlyList<string> duplicateKeyLines)
    {
        if (duplicateKeyLines.Count > 0)
        {
            problems.Add(YamlPrefix + string.Join("\n  ", duplicateKeyLines));
        }

        return this;
    }

    /// <summary>Unknown and duplicate fields; <paramref name="prefix"/> is upstream's "json patch " for patch operations.</summary>
    public StrictDecodingReport Add(IReadOnlyList<StrictFieldError> errors, string prefix = "")
    {
        foreach (var error in errors)
        {
            problems.Add(prefix + error);
        }

        return this;
    }

    /// <summary>
    /// runtime.NewStrictDecodingError's text, e.g.
    /// <c>strict decoding error: unknown field "spec.foo", duplicate field "metadata.name"</c>.
    /// </summary>
    public string ErrorText => "strict decoding error: " + string.Join(", ", problems);

    /// <summary>
    /// One warning per problem; go-yaml's multi-line error gives one warning per line without its heading, as upstream's
    /// handlers split it (<c>line 6: key "replicas" already set in map</c>).
    /// </summary>
    public IEnumerable<string> Warnings =>
        problems.SelectMany(p => p.StartsWith(YamlPrefix, StringComparison.Ordinal)
            ? p[YamlPrefix.Length..].Split('\n').Select(line => line.Trim())
            : [p]);
}
