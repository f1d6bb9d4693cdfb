using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Skiff.Node.Expressions;
using Skiff.Node.Stages;
using Skiff.Node.Tests.Infrastructure;

namespace Skiff.Node.Tests.Expressions;

public sealed class ExpressionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);

    private static readonly JsonNode Pod = JsonNode.Parse("""
        {"metadata":{"name":"web","namespace":"default","uid":"u1","annotations":{"skiff.io/start-delay":"1m30s"}},
         "spec":{"restartPolicy":"Always","containers":[{"name":"a","image":"nginx"},{"name":"b","image":"busybox"}]},
         "status":{"phase":"Running","conditions":[{"type":"Ready","status":"False","lastTransitionTime":"2026-01-01T00:00:00Z"}],
                   "containerStatuses":[{"name":"a","restartCount":2,"ready":false,"state":{"running":{"startedAt":"2026-01-01T00:00:30Z"}}}]}}
        """)!;

    private static object? Eval(string text) =>
        Expression.Parse(text).Evaluate(new EvaluationContext(Pod, new ExpressionFunctions(new FakeTimeProvider(Now), new FixedEnvironment())));

    [Theory]
    [InlineData(".status.phase", "Running")]
    [InlineData(".status.containerStatuses[0].name", "a")]
    [InlineData(".spec.containers[1].image", "busybox")]
    [InlineData(".status.containerStatuses[0].state.running.startedAt", "2026-01-01T00:00:30Z")]
    [InlineData("find(.status.conditions, 'type', 'Ready').status", "False")]
    [InlineData("annotation('skiff.io/start-delay')", "1m30s")]
    [InlineData("names(.spec.containers)", "a b")]
    [InlineData("'pod=' + .metadata.name + '_' + .metadata.namespace", "pod=web_default")]
    [InlineData("if(.status.phase == 'Running', 'yes', 'no')", "yes")]
    [InlineData("now()", "2026-01-01T00:01:00Z")]
    [InlineData("addSeconds(.status.containerStatuses[0].state.running.startedAt, 90)", "2026-01-01T00:02:00Z")]
    [InlineData("goDuration(backoff(3, 10))", "40s")]
    [InlineData("nodeIP()", "172.18.0.2")]
    public void Evaluates_paths_functions_and_operators_to_text(string expression, string expected) =>
        Assert.Equal(expected, Values.ToText(Eval(expression)));

    [Theory]
    [InlineData("seconds(annotation('skiff.io/start-delay'))", 90)]
    [InlineData(".status.containerStatuses[0].restartCount + 1", 3)]
    [InlineData("since(.status.containerStatuses[0].state.running.startedAt)", 30)]
    [InlineData("until('2026-01-01T00:01:10Z')", 10)]
    [InlineData("len(.spec.containers) * 2 - 1", 3)]
    [InlineData("min(5, 2, null)", 2)]
    [InlineData("setting('startDelay')", 1)]
    [InlineData("or(null, '', 0, 7)", 0)]
    public void Evaluates_numbers(string expression, double expected) => Assert.Equal(expected, Values.Number(Eval(expression)));

    [Theory]
    [InlineData(".status.phase == 'Running' && .status.containerStatuses[0].ready == false", true)]
    [InlineData("!(.status.phase == 'Running') || .metadata.deletionTimestamp != null", false)]
    [InlineData(".missing.field == null", true)]
    [InlineData("'2026-01-01T00:00:01Z' < '2026-01-01T00:00:02Z'", true)]
    [InlineData("if(true, true, unknownFunction())", true)]
    public void Evaluates_conditions_lazily(string expression, bool expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData(".status.")]
    [InlineData("f(1,")]
    [InlineData("'open")]
    [InlineData("1 +")]
    public void Rejects_malformed_expressions(string expression) => Assert.Throws<FormatException>(() => Expression.Parse(expression));

    [Theory]
    [InlineData("10", 10)]
    [InlineData("1m30s", 90)]
    [InlineData("500ms", 0.5)]
    [InlineData("2h", 7200)]
    [InlineData("1h2m3.5s", 3723.5)]
    public void Parses_go_durations(string text, double seconds) => Assert.Equal(seconds, GoDuration.ParseSeconds(text));

    [Theory]
    [InlineData(10, "10s")]
    [InlineData(80, "1m20s")]
    [InlineData(300, "5m0s")]
    [InlineData(3600, "1h0m0s")]
    [InlineData(0.5, "500ms")]
    public void Formats_durations_as_go_does(double seconds, string text) => Assert.Equal(text, GoDuration.Format(seconds));

    [Fact]
    public void Crash_loop_back_off_starts_without_wait_then_doubles_from_ten_seconds_up_to_five_minutes()
    {
        double[] waits = [.. Enumerable.Range(0, 9).Select(restarts => ExpressionFunctions.BackOff(restarts, 10))];
        Assert.Equal([0, 10, 20, 40, 80, 160, 300, 300, 300], waits);
    }

    [Theory]
    [InlineData("""{"initialDelaySeconds":5,"periodSeconds":10}""", 0, 10)]
    [InlineData("""{"initialDelaySeconds":5,"periodSeconds":10,"successThreshold":2}""", 0, 20)]
    [InlineData("""{"initialDelaySeconds":0}""", 0, 0)]
    [InlineData("""{"initialDelaySeconds":3,"periodSeconds":1}""", 0, 3)]
    [InlineData("""{"periodSeconds":4}""", 9, 12)]
    public void Probes_succeed_at_the_first_period_tick_after_their_initial_delay(string probe, double notBefore, double expected)
    {
        var containers = new JsonArray(new JsonObject { ["name"] = "a", ["readinessProbe"] = JsonNode.Parse(probe) });
        Assert.Equal(expected, ExpressionFunctions.ProbeDelay(containers, "readinessProbe", notBefore));
        Assert.Null(ExpressionFunctions.ProbeDelay(containers, "startupProbe", 0));
    }

    [Fact]
    public void A_liveness_probe_failing_from_25_s_kills_after_failure_threshold_periods()
    {
        var containers = new JsonArray(new JsonObject { ["name"] = "a", ["livenessProbe"] = JsonNode.Parse("""{"periodSeconds":10}""") });
        Assert.Equal(50, ExpressionFunctions.ProbeFailure(containers, "livenessProbe", 25));
    }

    [Fact]
    public void Templates_repeat_for_each_item_leave_out_false_ifs_and_keep_value_types()
    {
        var template = Template.Compile(JsonNode.Parse("""
            {"statuses":[{"$forEach":".spec.containers","name":"{{ $item.name }}","index":"{{ $index }}","ready":"{{ $index == 0 }}"}],
             "conditions":[{"$if":"false","type":"Never"},{"type":"Always","message":"unready: [{{ names(.spec.containers) }}]"}],
             "empty":[{"$forEach":".spec.initContainers","name":"{{ $item.name }}"}],
             "gone":"{{ .spec.nothing }}"}
            """));
        var rendered = template.Render(new EvaluationContext(Pod, new ExpressionFunctions(new FakeTimeProvider(Now), new FixedEnvironment())));
        Assert.Equal(
            """{"statuses":[{"name":"a","index":0,"ready":true},{"name":"b","index":1,"ready":false}],"conditions":[{"type":"Always","message":"unready: [a b]"}],"gone":null}""",
            rendered!.ToJsonString());
    }

    [Fact]
    public void A_stage_with_an_unknown_function_or_operator_is_rejected_with_its_name()
    {
        var unknownFunction = Assert.Throws<FormatException>(() => StageSet.Parse("""
            apiVersion: skiff.io/v1alpha1
            kind: Stage
            metadata: {name: broken}
            spec:
              selector: {matchExpressions: [{key: "nope(.status)", operator: Exists}]}
              next: {delete: true}
            """));
        Assert.Contains("stage broken: unknown function nope()", unknownFunction.Message, StringComparison.Ordinal);

        var unknownOperator = Assert.Throws<FormatException>(() => StageSet.Parse("""
            apiVersion: skiff.io/v1alpha1
            kind: Stage
            metadata: {name: odd}
            spec:
              selector: {matchExpressions: [{key: .status.phase, operator: Like, values: [Run]}]}
              next: {delete: true}
            """));
        Assert.Contains("unknown operator Like", unknownOperator.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_lifecycle_loads_with_every_stage_in_order()
    {
        Assert.Equal(
            ["pod-accepted", "pod-initialized", "pod-start", "pod-started", "pod-ready", "pod-unready", "pod-exit", "pod-liveness-kill",
             "pod-crash-loop-back-off", "pod-restart", "pod-stop", "pod-delete"],
            StageSet.DefaultPodLifecycle.Stages.Select(s => s.Name));
        Assert.Equal(StageSet.DefaultPodLifecycle.Stages.Count, StageSet.Parse(StageSet.EmbeddedText()).Stages.Count);
    }
}
