using k8s.Models;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Registry;

/// <summary>
/// pods/eviction (policy/v1 Eviction), as upstream's EvictionREST when no PodDisruptionBudget covers the pod: Skiff
/// serves no PodDisruptionBudgets, so every eviction is allowed and is a deletion with the eviction's DeleteOptions.
/// </summary>
public sealed partial class ObjectStore
{
    public const string EvictionSubresource = "eviction";

    /// <summary>
    /// Marks the pod with the DisruptionTarget condition (reason EvictionByEvictionAPI), then deletes it with the
    /// eviction's options; a pod bound to a node goes through its grace period like any deletion.
    /// </summary>
    public async Task EvictAsync(ResourceDefinition resource, string? ns, string name, V1Eviction eviction, WriteOptions options, CancellationToken ct)
    {
        if (eviction.Metadata?.Name != name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Eviction object");
        }

        if (!string.IsNullOrEmpty(eviction.Metadata.NamespaceProperty) && eviction.Metadata.NamespaceProperty != ns)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var deleteOptions = eviction.DeleteOptions ?? new V1DeleteOptions();
        var dryRun = options.DryRun || deleteOptions.DryRun?.Contains("All") == true;
        var pod = (V1Pod)(await GetAsync(resource, ns, name, ct)).Model;
        var preconditions = deleteOptions.Preconditions ?? new V1Preconditions();
        // Without a uid precondition, a pod re-created under the same name between the two writes must survive.
        preconditions.Uid ??= pod.Metadata.Uid;
        if (!dryRun)
        {
            var marked = await GuaranteedUpdateAsync(resource, ns, name, "status", current =>
            {
                var latest = (V1Pod)ObjectCodec.Deserialize(current.Json, typeof(V1Pod));
                CheckPreconditions(resource, name, preconditions, latest.Metadata, current.Revision);
                MarkDisruptionTarget(latest);
                latest.Metadata.ResourceVersion = null;
                return latest;
            }, WriteOptions.Default, ct);
            if (!string.IsNullOrEmpty(preconditions.ResourceVersion))
            {
                // The condition was our own write: the version the caller pinned is now the one it produced.
                preconditions.ResourceVersion = Rv(marked.Revision);
            }
        }

        deleteOptions.Preconditions = preconditions;
        await DeleteAsync(resource, ns, name, deleteOptions, dryRun, ct);
    }

    private void MarkDisruptionTarget(V1Pod pod)
    {
        var status = pod.Status ??= new V1PodStatus();
        var conditions = status.Conditions ?? [];
        var existing = conditions.FirstOrDefault(c => c.Type == "DisruptionTarget");
        if (existing is null)
        {
            existing = new V1PodCondition { Type = "DisruptionTarget" };
            conditions.Add(existing);
        }

        if (existing.Status != "True")
        {
            existing.LastTransitionTime = Now();
        }

        existing.Status = "True";
        existing.Reason = "EvictionByEvictionAPI";
        existing.Message = "Eviction API: evicting";
        status.Conditions = conditions;
    }
}
