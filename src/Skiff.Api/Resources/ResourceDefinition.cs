using System.Collections.Frozen;

namespace Skiff.Api.Resources;

/// <summary>Everything the server needs to know about one served resource at one group/version.</summary>
/// <param name="Group">API group; empty for the legacy core group ("v1").</param>
/// <param name="Version">API version, e.g. "v1".</param>
/// <param name="Kind">Object kind, e.g. "Deployment".</param>
/// <param name="Plural">Resource name in URLs, e.g. "deployments".</param>
/// <param name="Singular">Singular name, e.g. "deployment".</param>
/// <param name="ShortNames">kubectl short names, e.g. "deploy".</param>
/// <param name="Scope">Namespaced or cluster-scoped.</param>
/// <param name="Verbs">Verbs advertised in discovery.</param>
/// <param name="Categories">Discovery categories ("all" makes <c>kubectl get all</c> include it).</param>
/// <param name="Subresources">Subresources served, e.g. "status", "scale", "binding".</param>
/// <param name="ModelType">The k8s.Models class of one object at this version.</param>
/// <param name="ListModelType">The k8s.Models class of a list at this version.</param>
/// <param name="HasGeneration">Whether metadata.generation is maintained (bumped on spec changes).</param>
public sealed record ResourceDefinition(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    IReadOnlyList<string> ShortNames,
    ResourceScope Scope,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Subresources,
    Type ModelType,
    Type ListModelType,
    bool HasGeneration)
{
    /// <summary>"apps/v1" or "v1" for the core group.</summary>
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The apiVersion field objects of this resource carry.</summary>
    public string ApiVersion => GroupVersion;

    /// <summary>"deployments.apps" or "pods": how upstream names the resource in error messages.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>"Deployment.apps" or "Pod": how upstream names the kind in Invalid messages.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public bool IsNamespaced => Scope == ResourceScope.Namespaced;

    /// <summary>The resource whose storage holds these objects; differs only for converted versions (HPA v1 is stored as v2).</summary>
    public ResourceDefinition? StorageVersionOf { get; init; }

    /// <summary>The definition whose version is stored (itself unless converted).</summary>
    public ResourceDefinition Storage => StorageVersionOf ?? this;

    /// <summary>Key prefix in the store, as kube-apiserver lays it out: /registry/&lt;group-qualified plural&gt;/.</summary>
    public string StoragePrefix => $"/registry/{Storage.QualifiedResource}/";

    public bool HasSubresource(string name) => SubresourceSet.Contains(name);

    private FrozenSet<string> SubresourceSet => field ??= Subresources.ToFrozenSet();

    /// <summary>The store key of one object.</summary>
    public string KeyFor(string? ns, string name) =>
        IsNamespaced ? $"{StoragePrefix}{ns}/{name}" : $"{StoragePrefix}{name}";

    /// <summary>The store prefix that selects every object of a namespace (or all objects if ns is null).</summary>
    public string PrefixFor(string? ns) =>
        IsNamespaced && !string.IsNullOrEmpty(ns) ? $"{StoragePrefix}{ns}/" : StoragePrefix;
}
