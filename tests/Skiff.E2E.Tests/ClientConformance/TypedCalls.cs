using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Skiff.E2E.Tests.ClientConformance;

/// <summary>
/// One resource's typed KubernetesClient calls, and the verb sequence every resource goes through: create, get,
/// list (in its namespace and across all), watch, update, the three patch types, delete and deletecollection, plus
/// the status and scale subresources where the resource has them.
/// </summary>
/// <typeparam name="T">The k8s.Models class of the resource.</typeparam>
internal sealed class TypedCalls<T>(string key, bool namespaced) : ConformanceCase(key, namespaced)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public required Func<string, T> New { get; init; }

    public required Func<Kubernetes, T, string, Task<T>> Create { get; init; }

    public required Func<Kubernetes, string, string, Task<T>> Read { get; init; }

    public required Func<Kubernetes, string, string, Task<IItems<T>>> List { get; init; }

    /// <summary>Across namespaces (for a cluster-scoped resource: its only list).</summary>
    public required Func<Kubernetes, string, Task<IItems<T>>> ListAll { get; init; }

    public required Func<Kubernetes, T, string, string, Task<T>> Replace { get; init; }

    public required Func<Kubernetes, V1Patch, string, string, Task<T>> Patch { get; init; }

    public required Func<Kubernetes, string, string, Task> Delete { get; init; }

    /// <summary>Null where the API has no deletecollection (namespaces).</summary>
    public Func<Kubernetes, string, string, Task>? DeleteCollection { get; init; }

    public required Func<Kubernetes, string, string, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> Watch { get; init; }

    public Func<Kubernetes, string, string, Task<T>>? ReadStatus { get; init; }

    public Func<Kubernetes, T, string, string, Task<T>>? ReplaceStatus { get; init; }

    public Func<Kubernetes, V1Patch, string, string, Task<T>>? PatchStatus { get; init; }

    /// <summary>Writes the value n into a status field the resource's status update keeps.</summary>
    public Action<T, int>? SetStatus { get; init; }

    /// <summary>A merge patch setting the same field to n.</summary>
    public Func<int, string>? StatusPatch { get; init; }

    /// <summary>Reads the field back (as the number it was set to).</summary>
    public Func<T, int?>? StatusValue { get; init; }

    public Func<Kubernetes, string, string, Task<V1Scale>>? ReadScale { get; init; }

    public Func<Kubernetes, V1Scale, string, string, Task<V1Scale>>? ReplaceScale { get; init; }

    public Func<Kubernetes, V1Patch, string, string, Task<V1Scale>>? PatchScale { get; init; }

    public override bool HasStatus => ReadStatus is not null;

    public override bool HasScale => ReadScale is not null;

    public override async Task RunVerbsAsync(Kubernetes client, string ns)
    {
        var selector = $"conformance={ns}";
        var name = NameIn(ns, "first");
        var created = await Create(client, Labelled(New(name), ns), ns);
        Assert.Equal(name, created.Metadata.Name);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid), $"{Key}: created without a uid");
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion), $"{Key}: created without a resourceVersion");
        Assert.Equal(ns, created.Metadata.Labels["conformance"]);

        var read = await Read(client, name, ns);
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);

        Assert.Equal([name], (await List(client, ns, selector)).Items.Select(i => i.Metadata.Name));
        Assert.Equal([name], (await ListAll(client, selector)).Items.Select(i => i.Metadata.Name));
        Assert.Empty((await List(client, ns, $"conformance={ns},absent=yes")).Items);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = WatchInBackground(client, ns, created.Metadata.ResourceVersion, name, cancel.Token);

        read.Metadata.Labels["step"] = "replaced";
        var replaced = await Replace(client, read, name, ns);
        Assert.Equal("replaced", replaced.Metadata.Labels["step"]);
        Assert.NotEqual(read.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);

        // The stale resourceVersion is a conflict, as upstream's optimistic concurrency answers it.
        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => Replace(client, read, name, ns));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);

        var merged = await Patch(client, new V1Patch("""{"metadata":{"labels":{"merge":"yes"}}}""", V1Patch.PatchType.MergePatch), name, ns);
        Assert.Equal("yes", merged.Metadata.Labels["merge"]);
        var strategic = await Patch(client, new V1Patch("""{"metadata":{"labels":{"strategic":"yes"}}}""", V1Patch.PatchType.StrategicMergePatch), name, ns);
        Assert.Equal(("yes", "yes"), (strategic.Metadata.Labels["merge"], strategic.Metadata.Labels["strategic"]));
        var json = await Patch(client, new V1Patch("""[{"op":"add","path":"/metadata/labels/json","value":"yes"},{"op":"remove","path":"/metadata/labels/merge"}]""",
            V1Patch.PatchType.JsonPatch), name, ns);
        Assert.Equal("yes", json.Metadata.Labels["json"]);
        Assert.False(json.Metadata.Labels.ContainsKey("merge"), $"{Key}: the JSON patch's remove was not applied");
        Assert.Equal(created.Metadata.Uid, json.Metadata.Uid);

        await Delete(client, name, ns);
        await AssertGoneAsync(() => Read(client, name, ns));

        // Each write is one MODIFIED event at its resourceVersion, the delete ends the stream of this object (a
        // namespace is modified on its way out: deletionTimestamp, then finalize).
        var seen = await events;
        Assert.Equal(
            [replaced.Metadata.ResourceVersion, merged.Metadata.ResourceVersion, strategic.Metadata.ResourceVersion, json.Metadata.ResourceVersion],
            seen.Take(4).Select(e => e.Type == WatchEventType.Modified ? e.Object.Metadata.ResourceVersion : $"{e.Type}"));
        Assert.Equal(WatchEventType.Deleted, seen[^1].Type);
        Assert.Equal("replaced", seen[^1].Object.Metadata.Labels["step"]);

        if (DeleteCollection is not null)
        {
            var second = await Create(client, Labelled(New(NameIn(ns, "second")), ns), ns);
            var third = await Create(client, Labelled(New(NameIn(ns, "third")), ns), ns);
            var other = await Create(client, New(NameIn(ns, "unlabelled")), ns);
            Assert.Equal(2, (await List(client, ns, selector)).Items.Count);
            await DeleteCollection(client, ns, selector);
            Assert.Empty((await List(client, ns, selector)).Items);
            Assert.Equal(other.Metadata.Uid, (await Read(client, other.Metadata.Name, ns)).Metadata.Uid);
            await AssertGoneAsync(() => Read(client, second.Metadata.Name, ns));
            await AssertGoneAsync(() => Read(client, third.Metadata.Name, ns));
            await Delete(client, other.Metadata.Name, ns);
        }
    }

    public override async Task RunStatusAsync(Kubernetes client, string ns)
    {
        var name = NameIn(ns, "status");
        var created = await Create(client, Labelled(New(name), ns), ns);
        var status = await ReadStatus!(client, name, ns);
        Assert.Equal(created.Metadata.Uid, status.Metadata.Uid);

        SetStatus!(status, 1);
        status.Metadata.Labels["ignored"] = "yes";
        var replaced = await ReplaceStatus!(client, status, name, ns);
        Assert.Equal(1, StatusValue!(replaced));
        // A status update changes only the status, as upstream's status strategies do.
        Assert.False(replaced.Metadata.Labels.ContainsKey("ignored"), $"{Key}: a status update changed metadata.labels");
        Assert.Equal(1, StatusValue(await Read(client, name, ns)));

        var patched = await PatchStatus!(client, new V1Patch(StatusPatch!(2), V1Patch.PatchType.MergePatch), name, ns);
        Assert.Equal(2, StatusValue(patched));
        Assert.Equal(2, StatusValue(await ReadStatus(client, name, ns)));
        await Delete(client, name, ns);
    }

    public override async Task RunScaleAsync(Kubernetes client, string ns)
    {
        var name = NameIn(ns, "scale");
        await Create(client, Labelled(New(name), ns), ns);
        var scale = await ReadScale!(client, name, ns);
        Assert.Equal((name, 0), (scale.Metadata.Name, scale.Spec.Replicas ?? 0));
        Assert.Equal("autoscaling/v1", scale.ApiVersion);

        scale.Spec.Replicas = 2;
        Assert.Equal(2, (await ReplaceScale!(client, scale, name, ns)).Spec.Replicas);
        var patched = await PatchScale!(client, new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), name, ns);
        Assert.Equal(3, patched.Spec.Replicas);
        Assert.Equal(3, (await ReadScale(client, name, ns)).Spec.Replicas);

        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => ReplaceScale(client, scale, name, ns));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        await Delete(client, name, ns);
    }

    private static T Labelled(T obj, string ns)
    {
        obj.Metadata.Labels = new Dictionary<string, string> { ["conformance"] = ns, ["step"] = "created" };
        return obj;
    }

    private Task<List<(WatchEventType Type, T Object)>> WatchInBackground(Kubernetes client, string ns, string resourceVersion, string name, CancellationToken ct) =>
        Task.Run(async () =>
        {
            var seen = new List<(WatchEventType, T)>();
            await foreach (var (type, item) in Watch(client, ns, resourceVersion, ct))
            {
                if (item.Metadata.Name != name)
                {
                    continue;
                }

                seen.Add((type, item));
                if (type == WatchEventType.Deleted)
                {
                    return seen;
                }
            }

            throw new InvalidOperationException($"{Key}: the watch ended before the DELETED event; saw {string.Join(", ", seen.Select(e => e.Item1))}");
        }, ct);

    private static async Task AssertGoneAsync(Func<Task<T>> read)
    {
        var missing = await Assert.ThrowsAsync<HttpOperationException>(read);
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }
}
