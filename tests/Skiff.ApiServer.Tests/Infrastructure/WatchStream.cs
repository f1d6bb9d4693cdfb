using System.Globalization;
using System.Text.Json.Nodes;

namespace Skiff.ApiServer.Tests.Infrastructure;

/// <summary>Reads a watch response one event (one JSON line) at a time; every read is bounded so a test cannot hang.</summary>
public sealed class WatchStream : IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);
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

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
    }
}
