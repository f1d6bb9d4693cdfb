namespace Skiff.Bench.Measurements;

/// <summary>Namespace and name of one bench pod.</summary>
public readonly record struct PodAddress(string Namespace, string Name)
{
    public string Path => $"/api/v1/namespaces/{Namespace}/pods/{Name}";
}
