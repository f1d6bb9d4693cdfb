using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Skiff.Node.Expressions;

/// <summary>
/// The functions stage expressions may call: time (now, since, until, addSeconds), durations (seconds, goDuration),
/// lists (len, names, find), the pod's annotations, kubelet arithmetic (probeDelay, probeFailure, backoff), identifiers
/// (containerID, imageID), condition bookkeeping (transitionTime) and the simulator's environment (nodeIP, podIP,
/// setting). if(c, a, b) and or(a, b, ...) are evaluated lazily by the expression itself.
/// </summary>
public sealed class ExpressionFunctions(TimeProvider time, IStageEnvironment environment)
{
    /// <summary>Upstream's MaxContainerBackOff: the crash-loop back-off never exceeds five minutes.</summary>
    public const double MaxBackOffSeconds = 300;

    // Upstream probe defaults (k8s.io/api core/v1 defaults): periodSeconds 10, successThreshold 1, failureThreshold 3.
    private const double DefaultPeriod = 10;
    private const double DefaultFailureThreshold = 3;

    public TimeProvider Time => time;

    public object? Call(string name, object?[] args, EvaluationContext context) => name switch
    {
        "now" => FormatTime(Now()),
        "since" => ParseTime(args.ElementAtOrDefault(0)) is { } t ? (Now() - t).TotalSeconds : null,
        "until" => ParseTime(args.ElementAtOrDefault(0)) is { } t ? (t - Now()).TotalSeconds : null,
        "addSeconds" => ParseTime(Arg(args, 0)) is { } t && Values.Number(Arg(args, 1)) is { } s ? FormatTime(t.AddSeconds(s)) : null,
        "seconds" => Seconds(Arg(args, 0)),
        "goDuration" => Values.Number(Arg(args, 0)) is { } s ? GoDuration.Format(s) : null,
        "int" => Values.Number(Arg(args, 0)) is { } n ? Math.Truncate(n) : null,
        "min" => args.Select(Values.Number).Where(n => n is not null).Min(),
        "max" => args.Select(Values.Number).Where(n => n is not null).Max(),
        "len" => Length(Arg(args, 0)),
        "names" => Names(Arg(args, 0)),
        "find" => Find(Arg(args, 0), Values.ToText(Arg(args, 1)), Arg(args, 2)),
        "annotation" => Annotation(context.Root, Values.ToText(Arg(args, 0))),
        "probeDelay" => ProbeDelay(Arg(args, 0), Values.ToText(Arg(args, 1)), Values.Number(Arg(args, 2)) ?? 0),
        "probeFailure" => ProbeFailure(Arg(args, 0), Values.ToText(Arg(args, 1)), Values.Number(Arg(args, 2)) ?? 0),
        "backoff" => BackOff(Values.Number(Arg(args, 0)) ?? 0, Values.Number(Arg(args, 1)) ?? 10),
        "transitionTime" => TransitionTime(context.Root, Values.ToText(Arg(args, 0)), Values.ToText(Arg(args, 1))),
        "containerID" => ContainerId(context.Root, Values.ToText(Arg(args, 0)), Values.Number(Arg(args, 1)) ?? 0),
        "imageID" => ImageId(Values.ToText(Arg(args, 0))),
        "nodeIP" => environment.NodeIP(context.Root),
        "podIP" => environment.PodIP(context.Root),
        "setting" => environment.Setting(context.Root, Values.ToText(Arg(args, 0))),
        _ => throw new InvalidOperationException($"unknown function {name}()"),
    };

    /// <summary>Function names the stage files may use (checked when a stage is loaded).</summary>
    public static IReadOnlySet<string> Names() => KnownNames;

    /// <summary>Kubernetes' metav1.Time text: RFC 3339 in UTC with whole seconds.</summary>
    public static string FormatTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(object? value) =>
        value is string s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>
    /// The wait before restarting a container that has exited, as the kubelet's per-container back-off: the first
    /// restart is immediate, then the wait starts at <paramref name="initial"/> and doubles up to five minutes. With
    /// the default 10 s: restartCount 0 waits 0 s, 1 waits 10 s, 2 waits 20 s, 3: 40 s, 4: 80 s, 5: 160 s, 6 and
    /// later 300 s (320 s capped).
    /// </summary>
    public static double BackOff(double restartCount, double initial)
    {
        if (restartCount < 1)
        {
            return 0;
        }

        var exponent = Math.Min(restartCount - 1, 30);
        return Math.Min(initial * Math.Pow(2, exponent), MaxBackOffSeconds);
    }

    /// <summary>
    /// Seconds after a container starts until its probe has succeeded successThreshold times, the longest over the
    /// containers that have the probe (null when none has it). The kubelet probes at once and then every
    /// periodSeconds, skipping probes before initialDelaySeconds (and, for readiness and liveness, before
    /// <paramref name="notBefore"/>, the time the startup probe succeeded). Example: initialDelaySeconds 5,
    /// periodSeconds 10, successThreshold 1: probes at 0 s (skipped: 0 &lt; 5) and 10 s (succeeds), so ready at 10 s;
    /// with successThreshold 2 the second success, and readiness, comes at 20 s.
    /// </summary>
    public static double? ProbeDelay(object? containers, string probeField, double notBefore)
    {
        double? longest = null;
        foreach (var probe in Probes(containers, probeField))
        {
            var period = Math.Max(1, Number(probe, "periodSeconds") ?? DefaultPeriod);
            var first = FirstTick(Math.Max(Number(probe, "initialDelaySeconds") ?? 0, notBefore), period);
            var delay = first + (Math.Max(1, Number(probe, "successThreshold") ?? 1) - 1) * period;
            longest = Math.Max(longest ?? 0, delay);
        }

        return longest;
    }

    /// <summary>
    /// Seconds after a container starts until its probe, failing from <paramref name="failingFrom"/> seconds on, has
    /// failed failureThreshold times in a row (the longest over containers with the probe; null when none has it).
    /// Example: a liveness probe with periodSeconds 10 and failureThreshold 3 failing from 25 s fails at 30, 40 and
    /// 50 s, so the container is killed at 50 s.
    /// </summary>
    public static double? ProbeFailure(object? containers, string probeField, double failingFrom)
    {
        double? longest = null;
        foreach (var probe in Probes(containers, probeField))
        {
            var period = Math.Max(1, Number(probe, "periodSeconds") ?? DefaultPeriod);
            var first = FirstTick(Math.Max(Number(probe, "initialDelaySeconds") ?? 0, failingFrom), period);
            var failed = first + (Math.Max(1, Number(probe, "failureThreshold") ?? DefaultFailureThreshold) - 1) * period;
            longest = Math.Max(longest ?? 0, failed);
        }

        return longest;
    }

    // The first probe tick (ticks at 0, period, 2·period, ...) at or after the given second.
    private static double FirstTick(double notBefore, double period) => Math.Ceiling(notBefore / period) * period;

    private static IEnumerable<JsonObject> Probes(object? containers, string probeField) =>
        containers is JsonArray array ? array.OfType<JsonObject>().Select(c => c[probeField]).OfType<JsonObject>() : [];

    private static double? Number(JsonObject obj, string field) => Values.Number(Values.FromJson(obj[field]));

    private static readonly IReadOnlySet<string> KnownNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "if", "or", "now", "since", "until", "addSeconds", "seconds", "goDuration", "int", "min", "max", "len", "names", "find",
        "annotation", "probeDelay", "probeFailure", "backoff", "transitionTime", "containerID", "imageID", "nodeIP", "podIP", "setting",
    };

    private DateTimeOffset Now()
    {
        // Whole seconds, as the API stores times: comparisons with stored times must not see a fraction of a second.
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private static object? Arg(object?[] args, int index) => index < args.Length ? args[index] : null;

    private static double? Seconds(object? value) => value switch
    {
        double d => d,
        string s => GoDuration.ParseSeconds(s),
        _ => null,
    };

    private static double Length(object? value) => value switch
    {
        JsonArray a => a.Count,
        JsonObject o => o.Count,
        string s => s.Length,
        _ => 0,
    };

    private static string Names(object? list) =>
        list is JsonArray array ? string.Join(" ", array.OfType<JsonObject>().Select(o => Values.ToText(Values.FromJson(o["name"])))) : "";

    private static object? Find(object? list, string key, object? value) =>
        list is JsonArray array ? array.OfType<JsonObject>().FirstOrDefault(o => Values.AreEqual(Values.FromJson(o[key]), value)) : null;

    private static object? Annotation(JsonNode root, string name) => Values.FromJson(root["metadata"]?["annotations"]?[name]);

    /// <summary>A condition keeps its lastTransitionTime unless its status changes.</summary>
    private object? TransitionTime(JsonNode root, string type, string status)
    {
        if (root["status"]?["conditions"] is JsonArray conditions
            && conditions.OfType<JsonObject>().FirstOrDefault(c => Values.ToText(Values.FromJson(c["type"])) == type) is { } existing
            && Values.ToText(Values.FromJson(existing["status"])) == status
            && Values.FromJson(existing["lastTransitionTime"]) is string kept)
        {
            return kept;
        }

        return FormatTime(Now());
    }

    /// <summary>A container runtime's id: stable for the same pod, container and restart, new after each restart.</summary>
    private static string ContainerId(JsonNode root, string name, double restartCount)
    {
        var uid = Values.ToText(Values.FromJson(root["metadata"]?["uid"]));
        return "skiff://" + Hex($"{uid}/{name}/{restartCount.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The image's digest reference as a runtime reports it: "nginx:1.17" becomes "docker.io/library/nginx@sha256:…".</summary>
    private static string ImageId(string image)
    {
        var name = image;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }

        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > slash)
        {
            name = name[..colon];
        }

        var firstSlash = name.IndexOf('/', StringComparison.Ordinal);
        var hasRegistry = firstSlash > 0 && (name[..firstSlash].Contains('.', StringComparison.Ordinal) || name[..firstSlash].Contains(':', StringComparison.Ordinal) || name[..firstSlash] == "localhost");
        if (!hasRegistry)
        {
            name = "docker.io/" + (firstSlash < 0 ? "library/" + name : name);
        }

        return $"{name}@sha256:{Hex(image)}";
    }

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
