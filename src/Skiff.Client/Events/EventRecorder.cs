using System.Globalization;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Skiff.Client.Events;

/// <summary>
/// Records core/v1 Events about objects as upstream's event recorder does: named "&lt;object&gt;.&lt;hex nanoseconds&gt;",
/// repeated events counted on one Event (count, lastTimestamp), similar events combined after ten, and a per-object
/// spam filter. Recording never blocks the caller: events are written by one background loop.
/// </summary>
public sealed partial class EventRecorder
{
    private readonly IKubeClient client;
    private readonly string component;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly EventCorrelator correlator;
    private readonly Channel<Corev1Event> pending = Channel.CreateBounded<Corev1Event>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    /// <param name="client">Where events are written.</param>
    /// <param name="component">The reporting component, e.g. "replicaset-controller" (source.component).</param>
    /// <param name="time">Clock for timestamps and the spam filter.</param>
    /// <param name="logger">Where failed writes are reported.</param>
    public EventRecorder(IKubeClient client, string component, TimeProvider time, ILogger logger)
    {
        this.client = client;
        this.component = component;
        this.time = time;
        this.logger = logger;
        correlator = new EventCorrelator(time);
    }

    public void Normal(IKubernetesObject<V1ObjectMeta> obj, string reason, string message) => Record(obj, "Normal", reason, message);

    public void Warning(IKubernetesObject<V1ObjectMeta> obj, string reason, string message) => Record(obj, "Warning", reason, message);

    /// <summary>Writes queued events until ct is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var e in pending.Reader.ReadAllAsync(ct))
            {
                await WriteAsync(e, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void Record(IKubernetesObject<V1ObjectMeta> obj, string type, string reason, string message)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var meta = obj.Metadata;
        var e = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = $"{meta?.Name}.{(now - DateTime.UnixEpoch).Ticks * 100:x}",
                NamespaceProperty = string.IsNullOrEmpty(meta?.NamespaceProperty) ? "default" : meta.NamespaceProperty,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = obj.ApiVersion,
                Kind = obj.Kind,
                Name = meta?.Name,
                NamespaceProperty = meta?.NamespaceProperty,
                Uid = meta?.Uid,
                ResourceVersion = meta?.ResourceVersion,
            },
            Reason = reason,
            Message = message,
            Type = type,
            Source = new V1EventSource { Component = component },
            ReportingComponent = component,
            ReportingInstance = "",
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        if (correlator.Correlate(e) is { } toWrite)
        {
            pending.Writer.TryWrite(toWrite);
        }
    }

    /// <summary>Creates the event, or for a repeat patches the existing one's count and lastTimestamp.</summary>
    private async Task WriteAsync(Corev1Event e, CancellationToken ct)
    {
        try
        {
            if (e.Count > 1)
            {
                var patch = string.Create(CultureInfo.InvariantCulture,
                    $$"""{"count":{{e.Count}},"lastTimestamp":"{{e.LastTimestamp:yyyy-MM-ddTHH:mm:ssZ}}","message":{{System.Text.Json.JsonSerializer.Serialize(e.Message)}}}""");
                try
                {
                    await client.PatchAsync<Corev1Event>(e.Metadata.NamespaceProperty, e.Metadata.Name, PatchKind.StrategicMerge, patch, null, ct);
                    return;
                }
                catch (KubeApiException notFound) when (notFound.IsNotFound)
                {
                    // The first event is gone (events expire); record this one afresh.
                }
            }

            await client.CreateAsync(Copy(e), ct);
        }
        catch (KubeApiException failure)
        {
            LogWriteFailed(logger, e.Reason, e.InvolvedObject.Name, failure.Message);
        }
    }

    private static Corev1Event Copy(Corev1Event e) => new()
    {
        ApiVersion = e.ApiVersion,
        Kind = e.Kind,
        Metadata = new V1ObjectMeta { Name = e.Metadata.Name, NamespaceProperty = e.Metadata.NamespaceProperty },
        InvolvedObject = e.InvolvedObject,
        Reason = e.Reason,
        Message = e.Message,
        Type = e.Type,
        Source = e.Source,
        ReportingComponent = e.ReportingComponent,
        ReportingInstance = e.ReportingInstance,
        FirstTimestamp = e.FirstTimestamp,
        LastTimestamp = e.LastTimestamp,
        Count = e.Count,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record event {Reason} for {Name}: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, string reason, string name, string error);
}
