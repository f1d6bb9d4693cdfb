using k8s.Models;

namespace Skiff.ApiServer.Http;

/// <summary>A request failure that is answered with a Kubernetes metav1.Status of the given code and reason.</summary>
public sealed class ApiException(V1Status status) : Exception(status.Message)
{
    public V1Status Status { get; } = status;

    public int Code => Status.Code ?? 500;
}
