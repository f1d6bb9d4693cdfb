using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Watch;
using Skiff.Storage;

namespace Skiff.ApiServer.Tests.Watch;

/// <summary>The watch cache's bookmark schedule and freshness waits, on a fake clock over an in-memory store.</summary>
public sealed class WatchCacheBookmarkTests : IAsyncLifetime
{
    private const string Watched = "/registry/configmaps/a/";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly MemoryStore store = new();
    private readonly CancellationTokenSource bounded = new(TimeSpan.FromSeconds(30));
    private WatchCache cache = null!;

    public async Task InitializeAsync()
    {
        cache = new WatchCache(store, time, NullLogger<WatchCache>.Instance, windowSize: 100);
        await cache.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await cache.DisposeAsync();
        await store.DisposeAsync();
        bounded.Dispose();
    }

    [Fact]
    public async Task A_watcher_that_did_not_ask_never_gets_a_bookmark()
    {
        var watcher = cache.Watch(Watched, cache.LastRevision);
        await WriteAsync("/registry/configmaps/b/x");

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(watcher.Events.TryRead(out _));
    }

    [Fact]
    public async Task A_bookmark_follows_the_queued_events_every_minute_with_the_revision_the_cache_reached()
    {
        var watcher = cache.Watch(Watched, cache.LastRevision, allowBookmarks: true);
        var c1 = await WriteAsync(Watched + "c1");
        var elsewhere = await WriteAsync("/registry/configmaps/b/x");

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal([("ADDED", c1)], Drain(watcher));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([("BOOKMARK", elsewhere)], Drain(watcher));

        // Upstream repeats the bookmark even when nothing changed since the last one.
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([("BOOKMARK", elsewhere)], Drain(watcher));

        var c2 = await WriteAsync(Watched + "c2");
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([("ADDED", c2), ("BOOKMARK", c2)], Drain(watcher));
    }

    [Fact]
    public async Task The_last_bookmark_goes_out_two_seconds_before_the_deadline()
    {
        var watcher = cache.Watch(Watched, cache.LastRevision, allowBookmarks: true, deadline: time.GetUtcNow().AddSeconds(90));
        var elsewhere = await WriteAsync("/registry/configmaps/b/x");

        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal([("BOOKMARK", elsewhere)], Drain(watcher));

        time.Advance(TimeSpan.FromSeconds(27));
        Assert.Empty(Drain(watcher));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([("BOOKMARK", elsewhere)], Drain(watcher));

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(Drain(watcher));
    }

    [Fact]
    public async Task A_watch_ending_within_two_seconds_gets_no_bookmark()
    {
        var watcher = cache.Watch(Watched, cache.LastRevision, allowBookmarks: true, deadline: time.GetUtcNow().AddSeconds(1));
        await WriteAsync("/registry/configmaps/b/x");

        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Empty(Drain(watcher));
    }

    [Fact]
    public async Task No_bookmark_is_sent_at_or_below_the_revision_the_watch_started_from()
    {
        var watcher = cache.Watch(Watched, cache.LastRevision, allowBookmarks: true);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(Drain(watcher));

        var elsewhere = await WriteAsync("/registry/configmaps/b/x");
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([("BOOKMARK", elsewhere)], Drain(watcher));
    }

    [Fact]
    public async Task An_unwatched_watcher_is_completed_and_gets_no_more_bookmarks()
    {
        var watcher = cache.Watch(Watched, cache.LastRevision, allowBookmarks: true);
        await WriteAsync("/registry/configmaps/b/x");
        cache.Unwatch(watcher);

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(Drain(watcher));
        Assert.True(watcher.Events.Completion.IsCompleted);
    }

    [Fact]
    public async Task Waiting_for_a_revision_completes_once_the_cache_reaches_it()
    {
        var target = store.CurrentRevision + 1;
        var waiting = cache.WaitUntilFreshAsync(target, bounded.Token);

        await store.CreateAsync(Watched + "c1", Encoding.UTF8.GetBytes("{}"), bounded.Token);

        Assert.True(await waiting >= target);
    }

    [Fact]
    public async Task Waiting_for_a_revision_the_cache_does_not_reach_answers_too_large_after_three_seconds()
    {
        var current = cache.LastRevision;
        var waiting = cache.WaitUntilFreshAsync(current + 1000, bounded.Token);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(waiting.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<ApiException>(() => waiting);
        Assert.Equal(504, error.Code);
        Assert.Equal("Timeout", error.Status.Reason);
        Assert.Equal($"Timeout: Too large resource version: {current + 1000}, current: {current}", error.Status.Message);
        Assert.Equal(1, error.Status.Details.RetryAfterSeconds);
        Assert.Equal("ResourceVersionTooLarge", Assert.Single(error.Status.Details.Causes).Reason);
    }

    [Fact]
    public async Task A_watch_from_before_the_window_is_gone()
    {
        var start = cache.LastRevision;
        for (var i = 0; i < 101; i++)
        {
            await WriteAsync($"{Watched}c{i}");
        }

        var error = Assert.Throws<ApiException>(() => cache.Watch(Watched, start, allowBookmarks: true));
        Assert.Equal(410, error.Code);
        Assert.Equal("Expired", error.Status.Reason);
    }

    /// <summary>Writes a key and returns its revision once the cache has seen it (so its event is queued).</summary>
    private async Task<long> WriteAsync(string key)
    {
        var written = await store.CreateAsync(key, Encoding.UTF8.GetBytes("{}"), bounded.Token);
        await cache.WaitUntilFreshAsync(written.ModRevision, bounded.Token);
        return written.ModRevision;
    }

    private static List<(string Type, long Revision)> Drain(Watcher watcher)
    {
        var events = new List<(string, long)>();
        while (watcher.Events.TryRead(out var e))
        {
            events.Add((e.Type, e.Revision));
        }

        return events;
    }
}
