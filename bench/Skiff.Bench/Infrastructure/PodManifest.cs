using System.Text;
using System.Text.Json.Nodes;

namespace Skiff.Bench.Infrastructure;

/// <summary>JSON bodies of a realistic pod (labels, annotations, one container with ports, env, resources, probes, mounts).</summary>
public static class PodManifest
{
    private const string NamePlaceholder = "POD-NAME-PLACEHOLDER";

    // Compacted once, as a real client would send it (no indentation); each body only swaps the name in.
    private static readonly string Template = JsonNode.Parse(Indented)!.ToJsonString();

    /// <summary>A compact JSON pod body named <paramref name="name"/> (about 1.3 KB).</summary>
    public static byte[] Json(string name) => Encoding.UTF8.GetBytes(Template.Replace(NamePlaceholder, name, StringComparison.Ordinal));

    private const string Indented = """
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {
            "name": "POD-NAME-PLACEHOLDER",
            "labels": { "app": "web", "tier": "frontend", "pod-template-hash": "7d9f8c6b5" },
            "annotations": { "prometheus.io/scrape": "true", "prometheus.io/port": "9090" }
          },
          "spec": {
            "containers": [
              {
                "name": "web",
                "image": "registry.example.com/shop/web:1.24.3",
                "imagePullPolicy": "IfNotPresent",
                "args": ["--listen=:8080", "--metrics=:9090", "--log-level=info"],
                "ports": [
                  { "name": "http", "containerPort": 8080, "protocol": "TCP" },
                  { "name": "metrics", "containerPort": 9090, "protocol": "TCP" }
                ],
                "env": [
                  { "name": "POD_NAME", "valueFrom": { "fieldRef": { "fieldPath": "metadata.name" } } },
                  { "name": "CACHE_SIZE", "value": "256Mi" },
                  { "name": "UPSTREAM", "value": "http://api.default.svc.cluster.local:8080" }
                ],
                "resources": {
                  "requests": { "cpu": "100m", "memory": "128Mi" },
                  "limits": { "cpu": "500m", "memory": "256Mi" }
                },
                "readinessProbe": { "httpGet": { "path": "/healthz", "port": 8080 }, "periodSeconds": 5 },
                "livenessProbe": { "httpGet": { "path": "/healthz", "port": 8080 }, "initialDelaySeconds": 10 },
                "volumeMounts": [ { "name": "config", "mountPath": "/etc/web", "readOnly": true } ]
              }
            ],
            "volumes": [ { "name": "config", "configMap": { "name": "web-config" } } ],
            "restartPolicy": "Always",
            "terminationGracePeriodSeconds": 30,
            "nodeSelector": { "kubernetes.io/os": "linux" }
          }
        }
        """;
}
