using System.Globalization;
using System.Threading.Channels;
using k8s.Models;
using Skiff.Client;
using Skiff.Client.Informers;
using Skiff.Testing;

namespace Skiff.Controllers.Tests.Infrastructure;

/// <summary>
/// Stands in for kubelets in controller tests (TestCluster has no nodes): every new pod is reported Running and
/// Ready at once, except pods annotated skiff.io/never-ready: "true" (as the simulated nodes read it), which run
/// but never become Ready. Pods without a node are deleted at once by the API, so there is no stopping to play.
/// </summary>
public static class ReadyPods
{
    public const string NeverReadyAnnotation = "skiff.io/never-ready";

    public static void Run(TestCluster cluster)
    {
        var created = Channel.CreateUnbounded<V1Pod>();
        cluster.Informers.For<V1Pod>().AddHandler(new ResourceEventHandler<V1Pod> { OnAdd = pod => created.Writer.TryWrite(pod) });
        cluster.Run(async ct =>
        {
            await foreach (var pod in created.Reader.ReadAllAsync(ct))
            {
                await ReportAsync(cluster, pod, ct);
            }
        });
    }

    private static async Task ReportAsync(TestCluster cluster, V1Pod pod, CancellationToken ct)
    {
        if (pod.Status?.Phase == "Running" || pod.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        var ready = pod.Metadata.Annotations?.TryGetValue(NeverReadyAnnotation, out var never) != true || never != "true";
        var now = cluster.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var patch = $$$"""{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"{{{(ready ? "True" : "False")}}}","lastTransitionTime":"{{{now}}}"}]}}""";
        try
        {
            await cluster.Client.PatchAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchKind.Merge, patch, "status", ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Deleted before it got to run.
        }
    }
}
