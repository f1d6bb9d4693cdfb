using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Skiff.Api.Conversion;

/// <summary>
/// Reads and writes the JSON upstream keeps in the autoscaling/v1 round-trip annotations. Metrics use the alpha
/// types of the autoscaling/v1 Go package (v2beta1 shape: targetAverageUtilization, metricName, …) in Go's field
/// order and omitempty rules; behavior uses the internal Go type, which has no JSON tags, hence "ScaleUp".
/// </summary>
internal static class AlphaMetricJson
{
    private const string Zero = "0";

    public static JsonObject WriteSpec(V2MetricSpec metric)
    {
        var node = new JsonObject { ["type"] = metric.Type };
        if (metric.ObjectProperty is { } o)
        {
            node["object"] = Ordered(
                ("target", Reference(o.DescribedObject)),
                ("metricName", o.Metric?.Name ?? string.Empty),
                ("targetValue", Quantity(o.Target?.Value) ?? Zero),
                ("selector", Selector(o.Metric?.Selector)),
                ("averageValue", Quantity(o.Target?.AverageValue)));
        }

        if (metric.Pods is { } p)
        {
            node["pods"] = Ordered(
                ("metricName", p.Metric?.Name ?? string.Empty),
                ("targetAverageValue", Quantity(p.Target?.AverageValue) ?? Zero),
                ("selector", Selector(p.Metric?.Selector)));
        }

        if (metric.Resource is { } r)
        {
            node["resource"] = Ordered(
                ("name", r.Name ?? string.Empty),
                ("targetAverageUtilization", r.Target?.AverageUtilization),
                ("targetAverageValue", Quantity(r.Target?.AverageValue)));
        }

        if (metric.ContainerResource is { } c)
        {
            node["containerResource"] = Ordered(
                ("name", c.Name ?? string.Empty),
                ("targetAverageUtilization", c.Target?.AverageUtilization),
                ("targetAverageValue", Quantity(c.Target?.AverageValue)),
                ("container", c.Container ?? string.Empty));
        }

        if (metric.External is { } e)
        {
            node["external"] = Ordered(
                ("metricName", e.Metric?.Name ?? string.Empty),
                ("metricSelector", Selector(e.Metric?.Selector)),
                ("targetValue", Quantity(e.Target?.Value)),
                ("targetAverageValue", Quantity(e.Target?.AverageValue)));
        }

        return node;
    }

    public static V2MetricSpec ReadSpec(JsonObject node)
    {
        var metric = new V2MetricSpec { Type = Text(node, "type") ?? string.Empty };
        if (Child(node, "object") is { } o)
        {
            var average = QuantityAt(o, "averageValue");
            metric.ObjectProperty = new V2ObjectMetricSource
            {
                DescribedObject = ReadReference(Child(o, "target")),
                Metric = Identifier(o, "metricName", "selector"),
                Target = new V2MetricTarget
                {
                    Type = average is null ? "Value" : "AverageValue",
                    Value = QuantityAt(o, "targetValue") ?? new ResourceQuantity(Zero),
                    AverageValue = average,
                },
            };
        }

        if (Child(node, "pods") is { } p)
        {
            metric.Pods = new V2PodsMetricSource
            {
                Metric = Identifier(p, "metricName", "selector"),
                Target = new V2MetricTarget { Type = "AverageValue", AverageValue = QuantityAt(p, "targetAverageValue") ?? new ResourceQuantity(Zero) },
            };
        }

        if (Child(node, "resource") is { } r)
        {
            metric.Resource = new V2ResourceMetricSource { Name = Text(r, "name") ?? string.Empty, Target = UtilizationOrAverage(r) };
        }

        if (Child(node, "containerResource") is { } c)
        {
            metric.ContainerResource = new V2ContainerResourceMetricSource
            {
                Name = Text(c, "name") ?? string.Empty,
                Container = Text(c, "container") ?? string.Empty,
                Target = UtilizationOrAverage(c),
            };
        }

        if (Child(node, "external") is { } e)
        {
            var value = QuantityAt(e, "targetValue");
            metric.External = new V2ExternalMetricSource
            {
                Metric = Identifier(e, "metricName", "metricSelector"),
                Target = new V2MetricTarget { Type = value is null ? "AverageValue" : "Value", Value = value, AverageValue = QuantityAt(e, "targetAverageValue") },
            };
        }

        return metric;
    }

    public static JsonObject WriteStatus(V2MetricStatus metric)
    {
        var node = new JsonObject { ["type"] = metric.Type };
        if (metric.ObjectProperty is { } o)
        {
            node["object"] = Ordered(
                ("target", Reference(o.DescribedObject)),
                ("metricName", o.Metric?.Name ?? string.Empty),
                ("currentValue", Quantity(o.Current?.Value) ?? Zero),
                ("selector", Selector(o.Metric?.Selector)),
                ("averageValue", Quantity(o.Current?.AverageValue)));
        }

        if (metric.Pods is { } p)
        {
            node["pods"] = Ordered(
                ("metricName", p.Metric?.Name ?? string.Empty),
                ("currentAverageValue", Quantity(p.Current?.AverageValue) ?? Zero),
                ("selector", Selector(p.Metric?.Selector)));
        }

        if (metric.Resource is { } r)
        {
            node["resource"] = Ordered(
                ("name", r.Name ?? string.Empty),
                ("currentAverageUtilization", r.Current?.AverageUtilization),
                ("currentAverageValue", Quantity(r.Current?.AverageValue) ?? Zero));
        }

        if (metric.ContainerResource is { } c)
        {
            node["containerResource"] = Ordered(
                ("name", c.Name ?? string.Empty),
                ("currentAverageUtilization", c.Current?.AverageUtilization),
                ("currentAverageValue", Quantity(c.Current?.AverageValue) ?? Zero),
                ("container", c.Container ?? string.Empty));
        }

        if (metric.External is { } e)
        {
            node["external"] = Ordered(
                ("metricName", e.Metric?.Name ?? string.Empty),
                ("metricSelector", Selector(e.Metric?.Selector)),
                ("currentValue", Quantity(e.Current?.Value) ?? Zero),
                ("currentAverageValue", Quantity(e.Current?.AverageValue)));
        }

        return node;
    }

    public static V2MetricStatus ReadStatus(JsonObject node)
    {
        var metric = new V2MetricStatus { Type = Text(node, "type") ?? string.Empty };
        if (Child(node, "object") is { } o)
        {
            metric.ObjectProperty = new V2ObjectMetricStatus
            {
                DescribedObject = ReadReference(Child(o, "target")),
                Metric = Identifier(o, "metricName", "selector"),
                Current = new V2MetricValueStatus { Value = QuantityAt(o, "currentValue") ?? new ResourceQuantity(Zero), AverageValue = QuantityAt(o, "averageValue") },
            };
        }

        if (Child(node, "pods") is { } p)
        {
            metric.Pods = new V2PodsMetricStatus
            {
                Metric = Identifier(p, "metricName", "selector"),
                Current = new V2MetricValueStatus { AverageValue = QuantityAt(p, "currentAverageValue") ?? new ResourceQuantity(Zero) },
            };
        }

        if (Child(node, "resource") is { } r)
        {
            metric.Resource = new V2ResourceMetricStatus { Name = Text(r, "name") ?? string.Empty, Current = CurrentUtilization(r) };
        }

        if (Child(node, "containerResource") is { } c)
        {
            metric.ContainerResource = new V2ContainerResourceMetricStatus
            {
                Name = Text(c, "name") ?? string.Empty,
                Container = Text(c, "container") ?? string.Empty,
                Current = CurrentUtilization(c),
            };
        }

        if (Child(node, "external") is { } e)
        {
            metric.External = new V2ExternalMetricStatus
            {
                Metric = Identifier(e, "metricName", "metricSelector"),
                Current = new V2MetricValueStatus { Value = QuantityAt(e, "currentValue") ?? new ResourceQuantity(Zero), AverageValue = QuantityAt(e, "currentAverageValue") },
            };
        }

        return metric;
    }

    public static JsonObject WriteCondition(V2HorizontalPodAutoscalerCondition condition)
    {
        var node = new JsonObject
        {
            ["type"] = condition.Type ?? string.Empty,
            ["status"] = condition.Status ?? string.Empty,

            // metav1.Time marshals a zero time as null, and omitempty does not drop structs.
            ["lastTransitionTime"] = condition.LastTransitionTime is { } time ? JsonNode.Parse(KubernetesJson.Serialize(time)) : null,
        };
        if (!string.IsNullOrEmpty(condition.Reason))
        {
            node["reason"] = condition.Reason;
        }

        if (!string.IsNullOrEmpty(condition.Message))
        {
            node["message"] = condition.Message;
        }

        if (condition.ObservedGeneration is { } generation)
        {
            node["observedGeneration"] = generation;
        }

        return node;
    }

    public static V2HorizontalPodAutoscalerCondition ReadCondition(JsonObject node) =>
        KubernetesJson.Deserialize<V2HorizontalPodAutoscalerCondition>(node.ToJsonString());

    public static JsonObject WriteBehavior(V2HorizontalPodAutoscalerBehavior behavior) => new()
    {
        ["ScaleUp"] = WriteRules(behavior.ScaleUp),
        ["ScaleDown"] = WriteRules(behavior.ScaleDown),
    };

    /// <summary>Null when both directions are absent: upstream ignores an empty behavior.</summary>
    public static V2HorizontalPodAutoscalerBehavior? ReadBehavior(JsonObject node)
    {
        var up = ReadRules(Child(node, "ScaleUp"));
        var down = ReadRules(Child(node, "ScaleDown"));
        return up is null && down is null ? null : new V2HorizontalPodAutoscalerBehavior { ScaleUp = up, ScaleDown = down };
    }

    private static JsonObject? WriteRules(V2HPAScalingRules? rules)
    {
        if (rules is null)
        {
            return null;
        }

        var node = new JsonObject
        {
            ["StabilizationWindowSeconds"] = rules.StabilizationWindowSeconds,
            ["SelectPolicy"] = rules.SelectPolicy,
            ["Policies"] = rules.Policies is null ? null : new JsonArray([.. rules.Policies.Select(p => (JsonNode)new JsonObject
            {
                ["Type"] = p.Type,
                ["Value"] = p.Value,
                ["PeriodSeconds"] = p.PeriodSeconds,
            })]),
        };

        // Newer than Kubernetes 1.32; written only when used so 1.32-shaped annotations stay byte-identical.
        if (rules.Tolerance is not null)
        {
            node["Tolerance"] = rules.Tolerance.ToString();
        }

        return node;
    }

    private static V2HPAScalingRules? ReadRules(JsonObject? node)
    {
        if (node is null)
        {
            return null;
        }

        return new V2HPAScalingRules
        {
            StabilizationWindowSeconds = IntAt(node, "StabilizationWindowSeconds"),
            SelectPolicy = Text(node, "SelectPolicy"),
            Policies = Get(node, "Policies") is JsonArray policies
                ? [.. policies.OfType<JsonObject>().Select(p => new V2HPAScalingPolicy
                {
                    Type = Text(p, "Type") ?? string.Empty,
                    Value = IntAt(p, "Value") ?? 0,
                    PeriodSeconds = IntAt(p, "PeriodSeconds") ?? 0,
                })]
                : null,
            Tolerance = QuantityAt(node, "Tolerance"),
        };
    }

    private static V2MetricTarget UtilizationOrAverage(JsonObject node)
    {
        var utilization = IntAt(node, "targetAverageUtilization");
        return new V2MetricTarget
        {
            Type = utilization is null ? "AverageValue" : "Utilization",
            AverageUtilization = utilization,
            AverageValue = QuantityAt(node, "targetAverageValue"),
        };
    }

    private static V2MetricValueStatus CurrentUtilization(JsonObject node) => new()
    {
        AverageUtilization = IntAt(node, "currentAverageUtilization"),
        AverageValue = QuantityAt(node, "currentAverageValue") ?? new ResourceQuantity(Zero),
    };

    private static V2MetricIdentifier Identifier(JsonObject node, string nameKey, string selectorKey) => new()
    {
        Name = Text(node, nameKey) ?? string.Empty,
        Selector = Get(node, selectorKey) is JsonObject selector ? KubernetesJson.Deserialize<V1LabelSelector>(selector.ToJsonString()) : null,
    };

    private static JsonObject Reference(V2CrossVersionObjectReference? reference) =>
        Ordered(("kind", reference?.Kind ?? string.Empty), ("name", reference?.Name ?? string.Empty), ("apiVersion", string.IsNullOrEmpty(reference?.ApiVersion) ? null : reference.ApiVersion));

    private static V2CrossVersionObjectReference ReadReference(JsonObject? node) => new()
    {
        Kind = node is null ? string.Empty : Text(node, "kind") ?? string.Empty,
        Name = node is null ? string.Empty : Text(node, "name") ?? string.Empty,
        ApiVersion = node is null ? null : Text(node, "apiVersion"),
    };

    private static JsonNode? Selector(V1LabelSelector? selector) =>
        selector is null ? null : JsonNode.Parse(KubernetesJson.Serialize(selector));

    private static string? Quantity(ResourceQuantity? quantity) => quantity?.ToString();

    // Null members are left out, which is what Go's omitempty does for the optional fields.
    private static JsonObject Ordered(params (string Name, JsonNode? Value)[] members)
    {
        var node = new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is not null)
            {
                node[name] = value;
            }
        }

        return node;
    }

    // Go's encoding/json matches member names case-insensitively, so annotations written by any client are read back.
    private static JsonNode? Get(JsonObject node, string name)
    {
        if (node.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in node)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static JsonObject? Child(JsonObject node, string name) => Get(node, name) as JsonObject;

    private static string? Text(JsonObject node, string name) =>
        Get(node, name) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static int? IntAt(JsonObject node, string name) =>
        Get(node, name) is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    private static ResourceQuantity? QuantityAt(JsonObject node, string name) => Get(node, name) switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => new ResourceQuantity(text),
        JsonValue value when value.TryGetValue<double>(out var number) => new ResourceQuantity(number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        _ => null,
    };
}
