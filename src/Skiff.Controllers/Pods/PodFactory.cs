using k8s;
using k8s.Models;
using Skiff.Controllers.Ownership;

namespace Skiff.Controllers.Pods;

/// <summary>
/// New pods from a controller's template, as upstream's GetPodFromTemplate: the template's labels, annotations,
/// finalizers and spec, a generateName of "&lt;owner&gt;-" (the server adds five random characters) and a controller
/// reference to the owner. The spec is encoded once and decoded per pod, so pods never share nested objects.
/// </summary>
public sealed class PodFactory
{
    private readonly IMetadata<V1ObjectMeta> owner;
    private readonly string apiVersion;
    private readonly string kind;
    private readonly V1ObjectMeta? templateMeta;
    private readonly string specJson;

    public PodFactory(V1ReplicaSet owner, string apiVersion, string kind)
        : this(owner, owner.Spec?.Template, apiVersion, kind)
    {
    }

    public PodFactory(IMetadata<V1ObjectMeta> owner, V1PodTemplateSpec? template, string apiVersion, string kind)
    {
        this.owner = owner;
        this.apiVersion = apiVersion;
        this.kind = kind;
        templateMeta = template?.Metadata;
        specJson = KubernetesJson.Serialize(template?.Spec ?? new V1PodSpec());
    }

    public V1Pod NewPod() => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            GenerateName = owner.Metadata.Name + "-",
            NamespaceProperty = owner.Metadata.NamespaceProperty,
            Labels = templateMeta?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
            Annotations = templateMeta?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
            Finalizers = templateMeta?.Finalizers is { } finalizers ? [.. finalizers] : null,
            OwnerReferences = [ControllerRef.For(owner, apiVersion, kind)],
        },
        Spec = KubernetesJson.Deserialize<V1PodSpec>(specJson),
    };
}
