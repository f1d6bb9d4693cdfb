using System.Text.Json.Nodes;
using k8s.Models;

namespace Skiff.Api.OpenApi;

/// <summary>
/// Type-level facts of upstream's schemas the client models flatten: which time fields are metav1.MicroTime (a
/// DateTime like any Time here) and which types carry the <c>x-kubernetes-unions</c> marker.
/// </summary>
internal static class UpstreamMarkerTable
{
    private static readonly HashSet<(Type, string)> MicroTimeFields =
    [
        (typeof(Corev1Event), "eventTime"),
        (typeof(Corev1EventSeries), "lastObservedTime"),
        (typeof(V1LeaseSpec), "acquireTime"),
        (typeof(V1LeaseSpec), "renewTime"),
    ];

    /// <summary>Whether the DateTime field <paramref name="jsonName"/> of <paramref name="model"/> is a MicroTime upstream.</summary>
    public static bool IsMicroTime(Type model, string jsonName) => MicroTimeFields.Contains((model, jsonName));

    /// <summary>The x-kubernetes-unions value of <paramref name="model"/>, if upstream marks it as a discriminated union.</summary>
    public static JsonArray? Unions(Type model) =>
        model == typeof(V1SeccompProfile) || model == typeof(V1AppArmorProfile)
            ? new JsonArray(new JsonObject
            {
                ["discriminator"] = "type",
                ["fields-to-discriminateBy"] = new JsonObject { ["localhostProfile"] = "LocalhostProfile" },
            })
            : null;
}
