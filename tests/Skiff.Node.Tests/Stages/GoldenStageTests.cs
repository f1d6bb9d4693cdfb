using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Skiff.Api.Patching;
using Skiff.Node.Configuration;
using Skiff.Node.Expressions;
using Skiff.Node.Stages;
using Skiff.Node.Tests.Infrastructure;

namespace Skiff.Node.Tests.Stages;

/// <summary>
/// Golden tests of the embedded pod lifecycle: each file under testdata/ holds an input pod, the time, the stage the
/// lifecycle must choose for it (the matching stage due first) with its delay, and the pod after that stage (its
/// status patch applied as the API applies it) or `deleted: true`, plus the events. A case may start from another
/// case's output (`inputFrom`, changed by the JSON merge patch `patch`), so the files read as a pod's life in order.
/// Set SKIFF_UPDATE_GOLDEN=1 to rewrite the expected parts from what the stages produce (then review the diff).
/// </summary>
public sealed class GoldenStageTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestData, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    private static string TestData => Path.Combine(AppContext.BaseDirectory, "Stages", "testdata");

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_chosen_stage_turns_the_input_pod_into_the_output_pod(string name)
    {
        var directory = Updating ? RepositorySource() : TestData;
        var golden = Read(directory, name);
        var now = DateTimeOffset.Parse(golden["now"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var input = Canonical(Input(directory, golden));
        var group = golden["nodeGroup"] is { } g ? NodeConfig.Parse(new JsonObject { ["groups"] = new JsonArray(g.DeepClone()) }.ToJsonString()).Groups[0] : null;
        var context = new EvaluationContext(input.DeepClone(), new ExpressionFunctions(new FakeTimeProvider(now), new FixedEnvironment(group)));

        var stages = StageSet.DefaultPodLifecycle;
        Stage? chosen = null;
        var delay = TimeSpan.MaxValue;
        foreach (var stage in stages.Matching("Pod", context))
        {
            var candidate = stage.DelayFor(context, new Random(0));
            if (candidate < delay)
            {
                (chosen, delay) = (stage, candidate);
            }
        }

        Assert.NotNull(chosen);
        chosen.BindVariables(context);
        var outcome = chosen.Apply(context);
        JsonNode? output = outcome.StatusPatch is { } patch ? Canonical(StrategicMergePatch.Apply(input, patch, typeof(V1Pod))!) : null;
        var actual = new JsonObject
        {
            ["stage"] = chosen.Name,
            ["delaySeconds"] = delay.TotalSeconds,
            ["deleted"] = outcome.Delete,
            ["events"] = new JsonArray([.. outcome.Events.Select(e => new JsonObject { ["type"] = e.Type, ["reason"] = e.Reason, ["message"] = e.Message })]),
            ["output"] = outcome.Delete ? null : output,
        };

        if (Updating)
        {
            Update(name, golden, actual);
            return;
        }

        foreach (var (key, value) in actual)
        {
            var expected = golden[key] is { } e ? (key == "output" ? Canonical(e) : e) : null;
            Assert.True(JsonNode.DeepEquals(expected, value), $"{name}: {key} differs.\nexpected: {expected?.ToJsonString()}\nactual:   {value?.ToJsonString()}");
        }
    }

    private static bool Updating => Environment.GetEnvironmentVariable("SKIFF_UPDATE_GOLDEN") == "1";

    private static JsonObject Read(string directory, string name) =>
        YamlDocuments.Parse(File.ReadAllText(Path.Combine(directory, name + ".yaml"))).Single().AsObject();

    private static JsonNode Input(string directory, JsonObject golden)
    {
        if (golden["input"] is { } input)
        {
            return input;
        }

        var from = golden["inputFrom"]?.GetValue<string>() ?? throw new InvalidOperationException("a case needs input or inputFrom");
        var previous = Read(directory, from)["output"] ?? throw new InvalidOperationException($"case {from} has no output pod");
        return golden["patch"] is { } patch ? JsonMergePatch.Apply(previous.DeepClone(), patch.DeepClone())! : previous;
    }

    /// <summary>A pod through the model and back, so field order and defaults do not matter.</summary>
    private static JsonNode Canonical(JsonNode pod) => JsonNode.Parse(KubernetesJson.Serialize(KubernetesJson.Deserialize<V1Pod>(pod.ToJsonString())))!;

    private static void Update(string name, JsonObject golden, JsonObject actual)
    {
        var source = Path.Combine(RepositorySource(), name + ".yaml");
        foreach (var (key, value) in actual)
        {
            golden[key] = value?.DeepClone();
        }

        var header = string.Concat(File.ReadAllLines(source).TakeWhile(l => l.StartsWith('#')).Select(l => l + "\n"));
        var yaml = KubernetesYaml.Serialize(Plain(golden));
        File.WriteAllText(source, header + yaml);
    }

    // YAML serialization wants plain dictionaries, lists and scalars.
    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v => Values.FromJson(v) is double d && d == Math.Floor(d) && Math.Abs(d) < 1e15 ? (long)d : Values.FromJson(v),
        _ => null,
    };

    private static string RepositorySource()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Skiff.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "tests", "Skiff.Node.Tests", "Stages", "testdata");
    }
}
