using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>
/// `kubectl delete` of replica owners with each cascade mode, and of a whole namespace, against the real binary:
/// the garbage collector and the namespace controller run inside `skiff up`.
/// </summary>
public sealed class KubectlCascadeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string HoldFinalizer = "skiff.test/hold";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The ReplicationController and the ReplicaSet with matchExpressions from examples/, with their pods' selector.</summary>
    public static TheoryData<string, string, string, string> Owners => new()
    {
        { "nginx-rc.yaml", "rc", "nginx-rc", "app=nginx" },
        { "nginx-replicaset-expressions.yaml", "rs", "nginx-replicaset-expressions", "app in (nginx, apache),tier in (frontend)" },
    };

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    public async Task The_system_namespaces_may_not_be_deleted(string ns)
    {
        using var kubectl = new Kubectl(fixture.Server);
        var result = await kubectl.RunAsync("delete", "namespace", ns);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"Error from server (Forbidden): namespaces \"{ns}\" is forbidden: this namespace may not be deleted", result.StdErr);
        Assert.Contains("Active", await kubectl.OkAsync("get", "namespace", ns));
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public async Task Default_deletion_deletes_the_owner_and_then_its_pods(string file, string kind, string name, string selector)
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await StartOwnerAsync(kubectl, "background", file, selector);

        var output = await kubectl.OkAsync("delete", kind, name, "-n", ns, "--timeout=50s");

        Assert.Contains($"\"{name}\" deleted", output);
        await Eventually.ReturnsAsync(() => PodsAsync(kubectl, ns, selector), pods => pods.Count == 0, Patience, "the pods are collected");
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public async Task Foreground_deletion_keeps_the_owner_until_its_pods_are_gone(string file, string kind, string name, string selector)
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await StartOwnerAsync(kubectl, "foreground", file, selector);
        var held = (await PodsAsync(kubectl, ns, selector))[0].Name;
        await kubectl.OkAsync("patch", "pod", held, "-n", ns, "--type=merge", "-p", $"{{\"metadata\":{{\"finalizers\":[\"{HoldFinalizer}\"]}}}}");

        await kubectl.OkAsync("delete", kind, name, "-n", ns, "--cascade=foreground", "--wait=false");

        // The other pods go; the held one is terminating and keeps the owner waiting.
        var left = await Eventually.ReturnsAsync(() => PodsAsync(kubectl, ns, selector),
            pods => pods.Count == 1 && pods[0].Terminating, Patience, "only the held pod is left, terminating");
        Assert.Equal(held, left[0].Name);
        var owner = await kubectl.OkAsync("get", kind, name, "-n", ns, "-o", "jsonpath={.metadata.finalizers} {.metadata.deletionTimestamp}");
        Assert.StartsWith("[\"foregroundDeletion\"] ", owner);

        await kubectl.OkAsync("patch", "pod", held, "-n", ns, "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");

        await Eventually.ReturnsAsync(() => kubectl.RunAsync("get", kind, name, "-n", ns), r => r.ExitCode != 0 && r.StdErr.Contains("NotFound"),
            Patience, "the owner is deleted after its last pod");
        Assert.Empty(await PodsAsync(kubectl, ns, selector));
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public async Task Orphan_deletion_deletes_the_owner_and_keeps_its_pods_without_owner_references(string file, string kind, string name, string selector)
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await StartOwnerAsync(kubectl, "orphan", file, selector);

        // kubectl waits until the owner is gone, which is after its pods were released.
        await kubectl.OkAsync("delete", kind, name, "-n", ns, "--cascade=orphan", "--timeout=50s");

        var missing = await kubectl.RunAsync("get", kind, name, "-n", ns);
        Assert.Contains("NotFound", missing.StdErr);
        var pods = await PodsAsync(kubectl, ns, selector);
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.False(p.Terminating, $"{p.Name} is terminating"));
        var owners = await kubectl.OkAsync("get", "pods", "-n", ns, "-l", selector, "-o", "jsonpath={.items[*].metadata.ownerReferences}");
        Assert.Equal("", owners.Trim());
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public async Task Deleting_the_namespace_deletes_everything_in_it_and_then_the_namespace(string file, string kind, string name, string selector)
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await StartOwnerAsync(kubectl, "namespace", file, selector);
        var configMap = await kubectl.RunWithInputAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n", "apply", "-n", ns, "-f", "-");
        Assert.True(configMap.ExitCode == 0, configMap.ToString());

        var output = await kubectl.OkAsync("delete", "namespace", ns, "--timeout=50s");

        Assert.Contains($"namespace \"{ns}\" deleted", output);
        var gone = await kubectl.RunAsync("get", "namespace", ns);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains($"Error from server (NotFound): namespaces \"{ns}\" not found", gone.StdErr);
        Assert.Equal("", (await kubectl.OkAsync("get", "pods,replicationcontrollers,replicasets,configmaps,events", "-n", ns, "-o", "name", "--ignore-not-found")).Trim());
        Assert.Empty(await PodsAsync(kubectl, ns, selector));
        Assert.Contains("NotFound", (await kubectl.RunAsync("get", kind, name, "-n", ns)).StdErr);
    }

    /// <summary>A new namespace with the example applied and its three pods running (not terminating).</summary>
    private static async Task<string> StartOwnerAsync(Kubectl kubectl, string prefix, string file, string selector)
    {
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, prefix);
        await kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(RepositoryPaths.Examples, file));
        await Eventually.ReturnsAsync(() => PodsAsync(kubectl, ns, selector), pods => pods.Count == 3 && pods.All(p => !p.Terminating),
            Patience, "three pods");
        return ns;
    }

    private static async Task<List<(string Name, bool Terminating)>> PodsAsync(Kubectl kubectl, string ns, string selector)
    {
        var lines = await kubectl.OkAsync("get", "pods", "-n", ns, "-l", selector, "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{\"\\n\"}{end}");
        return [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Select(parts => (parts[0], parts.Length > 1 && parts[1].Length > 0))];
    }
}
