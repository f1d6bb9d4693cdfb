using System.Text.Json;
using System.Text.Json.Nodes;
using Skiff.Api.Resources;

namespace Skiff.ApiServer.Discovery;

/// <summary>
/// The legacy discovery documents (/api, /apis, /api/v1, /apis/{group}/{version}) and /version, built once from the
/// registry. kubectl falls back to these when it is not answered with aggregated discovery.
/// </summary>
public sealed class DiscoveryDocuments
{
    /// <summary>kubectl picks its own minor version from the server's, so Skiff reports 1.32.</summary>
    public const string GitVersion = "v1.32.4-skiff";

    private readonly Dictionary<string, byte[]> resourceLists = [];

    public DiscoveryDocuments(ResourceRegistry registry, string serverAddress)
    {
        Api = Serialize(new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
        });

        var groups = new JsonArray();
        foreach (var group in registry.GroupVersions.Select(gv => gv.Group).Where(g => g.Length > 0).Distinct())
        {
            var versions = new JsonArray();
            foreach (var (_, version) in registry.GroupVersions.Where(gv => gv.Group == group))
            {
                versions.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
            }

            var preferred = registry.PreferredVersion(group);
            groups.Add(new JsonObject
            {
                ["name"] = group,
                ["versions"] = versions,
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{group}/{preferred}", ["version"] = preferred },
            });
        }

        Apis = Serialize(new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups });

        foreach (var (group, version) in registry.GroupVersions)
        {
            var groupVersion = group.Length == 0 ? version : $"{group}/{version}";
            var resources = new JsonArray();
            foreach (var resource in registry.Resources.Where(r => r.Group == group && r.Version == version))
            {
                resources.Add(ResourceEntry(resource));
                foreach (var sub in resource.Subresources)
                {
                    resources.Add(SubresourceEntry(resource, sub));
                }
            }

            resourceLists[group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}"] = Serialize(new JsonObject
            {
                ["kind"] = "APIResourceList",
                ["apiVersion"] = "v1",
                ["groupVersion"] = groupVersion,
                ["resources"] = resources,
            });
        }

        Version = Serialize(new JsonObject
        {
            ["major"] = "1",
            ["minor"] = "32",
            ["gitVersion"] = GitVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2026-11-25T00:00:00Z",
            ["goVersion"] = "go1.23.8",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        });
    }

    public byte[] Api { get; }

    public byte[] Apis { get; }

    public byte[] Version { get; }

    /// <summary>The APIResourceList of a path such as "/api/v1" or "/apis/apps/v1"; null if not served.</summary>
    public byte[]? ResourceList(string path) => resourceLists.GetValueOrDefault(path.TrimEnd('/'));

    private static JsonObject ResourceEntry(ResourceDefinition r)
    {
        var entry = new JsonObject
        {
            ["name"] = r.Plural,
            ["singularName"] = r.Singular,
            ["namespaced"] = r.IsNamespaced,
            ["kind"] = r.Kind,
            ["verbs"] = new JsonArray([.. r.Verbs.Select(v => (JsonNode)v)]),
        };
        if (r.ShortNames.Count > 0)
        {
            entry["shortNames"] = new JsonArray([.. r.ShortNames.Select(v => (JsonNode)v)]);
        }

        if (r.Categories.Count > 0)
        {
            entry["categories"] = new JsonArray([.. r.Categories.Select(v => (JsonNode)v)]);
        }

        entry["storageVersionHash"] = StorageVersionHash(r);
        return entry;
    }

    private static JsonObject SubresourceEntry(ResourceDefinition r, string sub)
    {
        var entry = new JsonObject
        {
            ["name"] = $"{r.Plural}/{sub}",
            ["singularName"] = "",
            ["namespaced"] = r.IsNamespaced,
        };
        switch (sub)
        {
            case "scale":
                entry["group"] = "autoscaling";
                entry["version"] = "v1";
                entry["kind"] = "Scale";
                entry["verbs"] = new JsonArray("get", "patch", "update");
                break;
            case "binding":
                entry["kind"] = "Binding";
                entry["verbs"] = new JsonArray("create");
                break;
            case "eviction":
                // Upstream lists pods/eviction with the Eviction kind's own group and version; kubectl drain looks
                // for exactly this entry and falls back to plain deletes without it.
                entry["group"] = "policy";
                entry["version"] = "v1";
                entry["kind"] = "Eviction";
                entry["verbs"] = new JsonArray("create");
                break;
            case "finalize":
                entry["kind"] = r.Kind;
                entry["verbs"] = new JsonArray("update");
                break;
            default:
                entry["kind"] = r.Kind;
                entry["verbs"] = new JsonArray("get", "patch", "update");
                break;
        }

        return entry;
    }

    /// <summary>A stable hash per group/kind, as upstream uses to detect storage version changes.</summary>
    private static string StorageVersionHash(ResourceDefinition r)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{r.Storage.GroupVersion}/{r.Kind}"));
        return Convert.ToBase64String(bytes, 0, 8);
    }

    private static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node);
}
