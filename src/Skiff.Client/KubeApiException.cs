using k8s.Models;

namespace Skiff.Client;

/// <summary>A request the API answered with a failure Status (code, reason and message as upstream words them).</summary>
public sealed class KubeApiException(V1Status status) : Exception(status.Message)
{
    public V1Status Status { get; } = status;

    public int Code => Status.Code ?? 500;

    public string Reason => Status.Reason ?? "";

    public bool IsNotFound => Code == 404;

    public bool IsConflict => Code == 409 && Reason == "Conflict";

    public bool IsAlreadyExists => Code == 409 && Reason == "AlreadyExists";

    /// <summary>410: the resourceVersion asked for is compacted away; a watcher must list again.</summary>
    public bool IsGone => Code == 410;
}
