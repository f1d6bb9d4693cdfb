using System.Runtime.CompilerServices;
using Skiff.Api.Resources;

namespace Skiff.ApiServer.Observability;

/// <summary>
/// Identifies one apiserver_request_total series. The resource is compared by reference (the registry holds one
/// definition per group/version/resource), so a lookup hashes a few references and short strings instead of the
/// record's every field.
/// </summary>
internal readonly struct RequestSeriesKey(ResourceDefinition resource, string subresource, string verb, string scope, string dryRun, int code)
    : IEquatable<RequestSeriesKey>
{
    public ResourceDefinition Resource { get; } = resource;

    public string Subresource { get; } = subresource;

    public string Verb { get; } = verb;

    public string Scope { get; } = scope;

    public string DryRun { get; } = dryRun;

    public int Code { get; } = code;

    public bool Equals(RequestSeriesKey other) =>
        ReferenceEquals(Resource, other.Resource) && Code == other.Code
        && string.Equals(Verb, other.Verb, StringComparison.Ordinal)
        && string.Equals(Subresource, other.Subresource, StringComparison.Ordinal)
        && string.Equals(Scope, other.Scope, StringComparison.Ordinal)
        && string.Equals(DryRun, other.DryRun, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is RequestSeriesKey other && Equals(other);

    // The strings come from small fixed sets (verbs, scopes, a resource's subresources) whose lengths tell them apart
    // well enough; hashing lengths keeps a lookup on the create path to a few integer operations.
    public override int GetHashCode() =>
        HashCode.Combine(RuntimeHelpers.GetHashCode(Resource), Code, Verb.Length, Subresource.Length, Scope.Length, DryRun.Length);
}
