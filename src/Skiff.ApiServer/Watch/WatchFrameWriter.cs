using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using k8s.Models;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Objects;
using Skiff.ApiServer.Registry;

namespace Skiff.ApiServer.Watch;

/// <summary>
/// Encodes watch events: the stored JSON spliced into the frame, or a one-row Table for `kubectl get -w` (column
/// definitions only in the first event, as upstream's watchEmbeddedEncoder).
/// </summary>
internal sealed class WatchFrameWriter(Stream body, ResourceDefinition resource, ObjectStore objects, TableResponses tables, bool asTable, string? includeObject)
{
    /// <summary>The annotation upstream puts on the bookmark that ends a watch's initial events.</summary>
    public const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    private static readonly byte[] FrameEnd = "}\n"u8.ToArray();
    private bool columnsSent;

    public async Task WriteAsync(string type, byte[] stored, long revision, CancellationToken ct)
    {
        byte[] obj;
        if (asTable)
        {
            obj = TableOf(objects.Decode(resource, stored, revision).Model, revision);
        }
        else
        {
            obj = resource.StorageVersionOf is null ? ObjectCodec.WithResourceVersion(stored, revision) : objects.Decode(resource, stored, revision).Json;
        }

        await WriteFrameAsync(type, obj, ct);
    }

    /// <summary>
    /// A BOOKMARK: an object of the resource's kind with only the revision set (plus the initial-events-end
    /// annotation when it closes the initial state). In a Table watch upstream passes it through the table
    /// convertor like any object, so it becomes a Table at that revision with the empty object's row.
    /// </summary>
    public Task WriteBookmarkAsync(long revision, bool initialEventsEnd, CancellationToken ct)
    {
        var bookmark = BookmarkJson(revision, initialEventsEnd);
        var obj = asTable ? TableOf(ObjectCodec.Deserialize(bookmark, resource.ModelType), revision) : bookmark;
        return WriteFrameAsync("BOOKMARK", obj, ct);
    }

    /// <summary>An ERROR event carrying a Status, which upstream never turns into a Table.</summary>
    public Task WriteErrorAsync(V1Status status, CancellationToken ct) => WriteFrameAsync("ERROR", Responses.StatusJson(status), ct);

    public Task FlushAsync(CancellationToken ct) => body.FlushAsync(ct);

    private byte[] BookmarkJson(long revision, bool initialEventsEnd)
    {
        var output = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("kind", resource.Kind);
            json.WriteString("apiVersion", resource.ApiVersion);
            json.WriteStartObject("metadata");
            json.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
            if (initialEventsEnd)
            {
                json.WriteStartObject("annotations");
                json.WriteString(InitialEventsEndAnnotation, "true");
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    private byte[] TableOf(object model, long revision)
    {
        var table = tables.Build(resource, [model], ObjectStore.Rv(revision), null, includeObject, withColumns: !columnsSent);
        columnsSent = true;
        return Encoding.UTF8.GetBytes(table.ToJsonString());
    }

    private async Task WriteFrameAsync(string type, byte[] obj, CancellationToken ct)
    {
        var head = Encoding.ASCII.GetBytes($"{{\"type\":\"{type}\",\"object\":");
        await body.WriteAsync(head, ct);
        await body.WriteAsync(obj, ct);
        await body.WriteAsync(FrameEnd, ct);
    }
}
