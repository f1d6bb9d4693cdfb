using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Upstream's container resource rules (validateResourceRequirements with validateContainerResourceName): names,
/// non-negative quantities, requests within limits, and the hugepages rules. Upstream walks Go maps (random order);
/// Skiff walks names in ordinal order so the causes are stable.
/// </summary>
internal static class ResourceRequirementsValidation
{
    private static readonly HashSet<string> StandardResources = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
        "limits.ephemeral-storage", "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims",
        "storage", "requests.storage", "services.nodeports", "services.loadbalancers",
    };

    private static readonly HashSet<string> StandardContainerResources = new(StringComparer.Ordinal) { "cpu", "memory", "ephemeral-storage" };

    private const string HugePagesPrefix = "hugepages-";

    public static void Validate(V1ResourceRequirements? resources, string path, List<FieldError> errors)
    {
        if (resources is null)
        {
            return;
        }
        var limitsPath = FieldPath.Child(path, "limits");
        var requestsPath = FieldPath.Child(path, "requests");
        var limits = resources.Limits ?? new Dictionary<string, ResourceQuantity>();
        var requests = resources.Requests ?? new Dictionary<string, ResourceQuantity>();
        var hasCpuOrMemory = false;
        var hasHugePages = false;
        foreach (var (name, quantity) in limits.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var entryPath = FieldPath.Key(limitsPath, name);
            ValidateName(name, entryPath, errors);
            ValidateQuantity(quantity, entryPath, errors);
            hasHugePages |= ValidateHugePages(name, quantity, entryPath, errors);
            hasCpuOrMemory |= name is "cpu" or "memory";
        }
        foreach (var (name, quantity) in requests.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var entryPath = FieldPath.Key(requestsPath, name);
            ValidateName(name, entryPath, errors);
            ValidateQuantity(quantity, entryPath, errors);
            if (limits.TryGetValue(name, out var limit))
            {
                var comparison = Compare(quantity, limit);
                if (comparison != 0 && !IsOvercommitAllowed(name))
                {
                    errors.Add(FieldErrors.InvalidString(requestsPath, QuantityText(quantity), $"must be equal to {name} limit of {QuantityText(limit)}"));
                }
                else if (comparison > 0)
                {
                    errors.Add(FieldErrors.InvalidString(requestsPath, QuantityText(quantity), $"must be less than or equal to {name} limit of {QuantityText(limit)}"));
                }
            }
            else if (!IsOvercommitAllowed(name))
            {
                errors.Add(FieldErrors.Required(limitsPath, "Limit must be set for non overcommitable resources"));
            }
            hasHugePages |= ValidateHugePages(name, quantity, entryPath, errors);
            hasCpuOrMemory |= name is "cpu" or "memory";
        }
        if (hasHugePages && !hasCpuOrMemory)
        {
            errors.Add(FieldErrors.Forbidden(path, "HugePages require cpu or memory"));
        }
    }

    /// <summary>
    /// validateContainerResourceName. Resource names print unquoted (core.ResourceName is a fmt.Stringer), and an
    /// unknown plain name fails twice, e.g. "gpu": "must be a standard resource type or fully qualified" and "must
    /// be a standard resource for containers".
    /// </summary>
    private static void ValidateName(string name, string path, List<FieldError> errors)
    {
        var qualified = NameValidation.IsQualifiedName(name);
        errors.AddRange(qualified.Select(m => FieldErrors.Invalid(path, name, m)));
        var plain = !name.Contains('/', StringComparison.Ordinal);
        if (qualified.Count == 0 && plain && !StandardResources.Contains(name) && !IsQuotaHugePages(name))
        {
            errors.Add(FieldErrors.Invalid(path, name, "must be a standard resource type or fully qualified"));
        }
        if (plain)
        {
            if (!StandardContainerResources.Contains(name) && !name.StartsWith(HugePagesPrefix, StringComparison.Ordinal))
            {
                errors.Add(FieldErrors.Invalid(path, name, "must be a standard resource for containers"));
            }
        }
        else if (!IsNative(name) && !IsExtendedResourceName(name))
        {
            errors.Add(FieldErrors.Invalid(path, name, "doesn't follow extended resource name standard"));
        }
    }

    private static void ValidateQuantity(ResourceQuantity? quantity, string path, List<FieldError> errors)
    {
        if (quantity is not null && Sign(quantity) < 0)
        {
            errors.Add(FieldErrors.InvalidString(path, QuantityText(quantity), "must be greater than or equal to 0"));
        }
    }

    /// <summary>
    /// A hugepages amount must be a whole number of pages (AllowIndivisibleHugePagesValues is off for new objects),
    /// e.g. hugepages-2Mi: 3Mi is not. Returns whether the name is a hugepages resource.
    /// </summary>
    private static bool ValidateHugePages(string name, ResourceQuantity? quantity, string path, List<FieldError> errors)
    {
        if (!name.StartsWith(HugePagesPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var value = quantity?.ToDecimal() ?? 0m;
        decimal pageSize;
        try
        {
            pageSize = new ResourceQuantity(name[HugePagesPrefix.Length..]).ToDecimal();
        }
        catch (FormatException)
        {
            pageSize = 0m;
        }
        var divisible = pageSize > 0 && decimal.Truncate(pageSize) == pageSize && decimal.Ceiling(value) % pageSize == 0;
        if (!divisible)
        {
            errors.Add(FieldErrors.InvalidString(path, QuantityText(quantity), $"{QuantityText(quantity)} is not positive integer multiple of {name}"));
        }
        return true;
    }

    /// <summary>IsOvercommitAllowed: native resources other than hugepages may request less than their limit.</summary>
    private static bool IsOvercommitAllowed(string name) => IsNative(name) && !name.StartsWith(HugePagesPrefix, StringComparison.Ordinal);

    private static bool IsNative(string name) => !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    private static bool IsQuotaHugePages(string name) =>
        name.StartsWith(HugePagesPrefix, StringComparison.Ordinal) || name.StartsWith("requests." + HugePagesPrefix, StringComparison.Ordinal);

    private static bool IsExtendedResourceName(string name) =>
        !IsNative(name) && !name.StartsWith("requests.", StringComparison.Ordinal) && NameValidation.IsQualifiedName("requests." + name).Count == 0;

    /// <summary>Quantity.String(). KubernetesClient mis-prints negative quantities, so those are printed from their magnitude.</summary>
    public static string QuantityText(ResourceQuantity? quantity)
    {
        if (quantity is null)
        {
            return "0";
        }
        var value = quantity.ToDecimal();
        return value < 0 ? "-" + new ResourceQuantity(-value, 0, quantity.Format) : quantity.ToString();
    }

    public static int Sign(ResourceQuantity quantity) => Math.Sign(quantity.ToDecimal());

    private static int Compare(ResourceQuantity? left, ResourceQuantity? right) =>
        (left?.ToDecimal() ?? 0m).CompareTo(right?.ToDecimal() ?? 0m);
}
