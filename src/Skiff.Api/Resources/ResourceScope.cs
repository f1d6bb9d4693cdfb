namespace Skiff.Api.Resources;

/// <summary>Whether objects of a resource live inside a namespace or at cluster level.</summary>
public enum ResourceScope
{
    Namespaced,
    Cluster,
}
