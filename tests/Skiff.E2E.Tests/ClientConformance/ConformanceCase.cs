using k8s;

namespace Skiff.E2E.Tests.ClientConformance;

/// <summary>A resource in the conformance table, whatever its model type: its key and the sequences it runs.</summary>
/// <param name="Key">"v1/pods" or "apps/v1/deployments": group/version/resource as discovery names it.</param>
/// <param name="Namespaced">Whether objects live in a namespace (cluster-scoped names are made unique per test).</param>
internal abstract class ConformanceCase(string Key, bool Namespaced)
{
    public string Key { get; } = Key;

    public bool Namespaced { get; } = Namespaced;

    public abstract bool HasStatus { get; }

    public abstract bool HasScale { get; }

    public abstract Task RunVerbsAsync(Kubernetes client, string ns);

    public abstract Task RunStatusAsync(Kubernetes client, string ns);

    public abstract Task RunScaleAsync(Kubernetes client, string ns);

    /// <summary>Object names: plain in a namespace, prefixed with the test's namespace for cluster-scoped resources.</summary>
    protected string NameIn(string ns, string name) => Namespaced ? name : $"{ns}-{name}";
}
