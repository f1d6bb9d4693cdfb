using System.Collections.Concurrent;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Skiff.Client.Informers;

namespace Skiff.Client.Tests.Informers;

public sealed class SharedInformerTests : IAsyncLifetime
{
    private readonly ScriptedPodSource source = new();
    private readonly FakeTimeProvider clock = new();
    private readonly ConcurrentQueue<string> seen = new();
    private readonly CancellationTokenSource stop = new();
    private SharedInformer<V1Pod> informer = null!;
    private Task running = Task.CompletedTask;

    public Task InitializeAsync()
    {
        informer = new SharedInformer<V1Pod>(source, clock, NullLogger.Instance, TimeSpan.FromMinutes(10));
        informer.AddHandler(new ResourceEventHandler<V1Pod>
        {
            OnAdd = p => seen.Enqueue($"add {p.Metadata.Name}@{p.Metadata.ResourceVersion}"),
            OnUpdate = (o, n) => seen.Enqueue($"update {n.Metadata.Name}@{o.Metadata.ResourceVersion}->{n.Metadata.ResourceVersion}"),
            OnDelete = p => seen.Enqueue($"delete {p.Metadata.Name}"),
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
    }

    [Fact]
    public async Task ListsThenFollowsTheWatchFromTheListsResourceVersion()
    {
        source.Pods = [ScriptedPodSource.Pod("a", "5"), ScriptedPodSource.Pod("b", "6")];
        Start();
        await informer.WaitForSyncAsync(CancellationToken.None);

        source.Push(Client.WatchEventKind.Modified, ScriptedPodSource.Pod("a", "11"));
        source.Push(Client.WatchEventKind.Added, ScriptedPodSource.Pod("c", "12"));
        source.Push(Client.WatchEventKind.Deleted, ScriptedPodSource.Pod("b", "13"));
        await WaitForAsync(() => seen.Count == 5);

        Assert.Equal(["add a@5", "add b@6", "update a@5->11", "add c@12", "delete b"], seen.ToArray());
        Assert.Equal("10", source.WatchedFrom[0]);
        Assert.Equal(["a", "c"], informer.Cache.List().Select(p => p.Metadata.Name).Order());
    }

    [Fact]
    public async Task RelistsWhenTheWatchIsGoneAndReportsWhatVanishedMeanwhile()
    {
        source.Pods = [ScriptedPodSource.Pod("a", "5"), ScriptedPodSource.Pod("b", "6")];
        Start();
        await informer.WaitForSyncAsync(CancellationToken.None);

        source.Pods = [ScriptedPodSource.Pod("a", "20")];
        source.ListResourceVersion = "21";
        source.Fail(new KubeApiException(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version" }));
        await WaitForAsync(() => seen.Count == 4);

        Assert.Equal(["add a@5", "add b@6", "update a@5->20", "delete b"], seen.ToArray());
        Assert.Equal(2, source.Lists);
        await WaitForAsync(() => source.WatchedFrom.Count == 2);
        Assert.Equal("21", source.WatchedFrom[1]);
    }

    [Fact]
    public async Task ResyncRedeliversEveryObjectOnlyWhenTheClockSaysSo()
    {
        source.Pods = [ScriptedPodSource.Pod("a", "5")];
        Start();
        await informer.WaitForSyncAsync(CancellationToken.None);
        Assert.Equal(["add a@5"], seen.ToArray());

        clock.Advance(TimeSpan.FromMinutes(10));
        await WaitForAsync(() => seen.Count == 2);
        Assert.Equal("update a@5->5", seen.ToArray()[1]);
    }

    [Fact]
    public async Task IndexesFollowChanges()
    {
        source.Pods = [ScriptedPodSource.Pod("a", "5", ownerUid: "u1"), ScriptedPodSource.Pod("b", "6", ownerUid: "u1")];
        Start();
        await informer.WaitForSyncAsync(CancellationToken.None);
        Assert.Equal(2, informer.Cache.ByIndex(ObjectCache<V1Pod>.OwnerUidIndex, "u1").Count);

        source.Push(Client.WatchEventKind.Modified, ScriptedPodSource.Pod("a", "11", ownerUid: "u2"));
        await WaitForAsync(() => informer.Cache.ByIndex(ObjectCache<V1Pod>.OwnerUidIndex, "u2").Count == 1);
        Assert.Equal("b", Assert.Single(informer.Cache.ByIndex(ObjectCache<V1Pod>.OwnerUidIndex, "u1")).Metadata.Name);
        Assert.Equal(2, informer.Cache.InNamespace("default").Count);

        var labelled = ScriptedPodSource.Pod("b", "12", ownerUid: "u1");
        labelled.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web" };
        source.Push(Client.WatchEventKind.Modified, labelled);
        await WaitForAsync(() => informer.Cache.ByIndex(ObjectCache<V1Pod>.LabelIndex, ObjectCache<V1Pod>.LabelKey("app", "web")).Count == 1);
    }

    [Fact]
    public async Task AHandlerAddedLateGetsTheCachedObjects()
    {
        source.Pods = [ScriptedPodSource.Pod("a", "5")];
        Start();
        await informer.WaitForSyncAsync(CancellationToken.None);
        var late = new List<string>();
        informer.AddHandler(new ResourceEventHandler<V1Pod> { OnAdd = p => late.Add(p.Metadata.Name) });
        Assert.Equal(["a"], late);
    }

    private void Start() => running = Task.Run(() => informer.RunAsync(stop.Token));

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(5);
        }
    }
}
