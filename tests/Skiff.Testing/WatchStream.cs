using System.Globalization;
using System.Text.Json.Nodes;

namespace Skiff.Testing;

/// <summary>Reads a watch response one event (one JSON line) at a time; every read is bounded so a test cannot hang.</summary>
public sealed class WatchStream : IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private WatchStream(HttpResponseMessage response, StreamReader reader)
    {
        this.response = response;
        this.reader = reader;
    }

    public static async Task<WatchStream> OpenAsync(HttpResponseMessage response) =>
        new(response, new StreamReader(await response.Content.ReadAsStreamAsync()));

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<JsonObject?> NextAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var line = await reader.ReadLineAsync(timeout.Token);
        return line is null ? null : JsonNode.Parse(line)!.AsObject();
    }

    public static long ResourceVersionOf(JsonNode obj) =>
        long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    /// <summary>Every event until the server ends the stream (a watch with timeoutSeconds).</summary>
    public async Task<List<JsonObject>> ReadToEndAsync()
    {
        var events = new List<JsonObject>();
        while (await NextAsync() is { } e)
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Events up to and including the first one that satisfies <paramref name="last"/>.</summary>
    public async Task<List<JsonObject>> ReadUntilAsync(Func<JsonObject, bool> last)
    {
        var events = new List<JsonObject>();
        do
        {
            events.Add(await NextAsync() ?? throw new InvalidOperationException("the watch ended early: " + string.Join('\n', events)));
        }
        while (!last(events[^1]));

        return events;
    }

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
    }
}
