using k8s.Models;

namespace Skiff.Scheduler.Cache;

/// <summary>
/// Amounts of compute resources as the scheduler counts them (upstream's framework.Resource): cpu in millicores,
/// memory and ephemeral storage in bytes, the pod count a node allows, and scalar resources (extended resources such
/// as nvidia.com/gpu, hugepages) by name.
/// </summary>
public sealed class ResourceVector
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string Pods = "pods";

    public long MilliCpu { get; set; }

    public long MemoryBytes { get; set; }

    public long EphemeralStorageBytes { get; set; }

    public int AllowedPodNumber { get; set; }

    /// <summary>Scalar resources by name; null until the first one is added.</summary>
    public Dictionary<string, long>? Scalars { get; private set; }

    /// <summary>Every request of a resource list (a container's requests, a node's allocatable); unknown names are ignored.</summary>
    public static ResourceVector From(IDictionary<string, ResourceQuantity>? list)
    {
        var vector = new ResourceVector();
        vector.Add(list);
        return vector;
    }

    public long ScalarOrZero(string name) => Scalars is not null && Scalars.TryGetValue(name, out var value) ? value : 0;

    public void Add(IDictionary<string, ResourceQuantity>? list)
    {
        if (list is null)
        {
            return;
        }

        foreach (var (name, quantity) in list)
        {
            switch (name)
            {
                case Cpu:
                    MilliCpu += MilliValue(quantity);
                    break;
                case Memory:
                    MemoryBytes += Value(quantity);
                    break;
                case EphemeralStorage:
                    EphemeralStorageBytes += Value(quantity);
                    break;
                case Pods:
                    AllowedPodNumber += (int)Math.Min(int.MaxValue, Value(quantity));
                    break;
                default:
                    if (IsScalarResourceName(name))
                    {
                        AddScalar(name, Value(quantity));
                    }

                    break;
            }
        }
    }

    public void Add(ResourceVector other)
    {
        MilliCpu += other.MilliCpu;
        MemoryBytes += other.MemoryBytes;
        EphemeralStorageBytes += other.EphemeralStorageBytes;
        AllowedPodNumber += other.AllowedPodNumber;
        if (other.Scalars is not null)
        {
            foreach (var (name, value) in other.Scalars)
            {
                AddScalar(name, value);
            }
        }
    }

    public void Subtract(ResourceVector other)
    {
        MilliCpu -= other.MilliCpu;
        MemoryBytes -= other.MemoryBytes;
        EphemeralStorageBytes -= other.EphemeralStorageBytes;
        AllowedPodNumber -= other.AllowedPodNumber;
        if (other.Scalars is not null)
        {
            foreach (var (name, value) in other.Scalars)
            {
                AddScalar(name, -value);
            }
        }
    }

    /// <summary>Raises each resource to at least the other's amount (init containers run one at a time, so the pod needs the largest).</summary>
    public void SetMax(ResourceVector other)
    {
        MilliCpu = Math.Max(MilliCpu, other.MilliCpu);
        MemoryBytes = Math.Max(MemoryBytes, other.MemoryBytes);
        EphemeralStorageBytes = Math.Max(EphemeralStorageBytes, other.EphemeralStorageBytes);
        if (other.Scalars is not null)
        {
            foreach (var (name, value) in other.Scalars)
            {
                SetScalar(name, Math.Max(ScalarOrZero(name), value));
            }
        }
    }

    public ResourceVector Clone()
    {
        var copy = new ResourceVector
        {
            MilliCpu = MilliCpu,
            MemoryBytes = MemoryBytes,
            EphemeralStorageBytes = EphemeralStorageBytes,
            AllowedPodNumber = AllowedPodNumber,
        };
        if (Scalars is not null)
        {
            copy.Scalars = new Dictionary<string, long>(Scalars, StringComparer.Ordinal);
        }

        return copy;
    }

    public void AddScalar(string name, long value) => SetScalar(name, ScalarOrZero(name) + value);

    public void SetScalar(string name, long value) => (Scalars ??= new Dictionary<string, long>(StringComparer.Ordinal))[name] = value;

    /// <summary>
    /// upstream's IsScalarResourceName: extended resources (a domain prefix other than kubernetes.io, e.g.
    /// nvidia.com/gpu), prefixed native resources (*kubernetes.io/*), hugepages-* and attachable-volumes-*.
    /// Quota names ("requests.*") are not resources a pod requests.
    /// </summary>
    public static bool IsScalarResourceName(string name) =>
        name.StartsWith("hugepages-", StringComparison.Ordinal)
        || name.StartsWith("attachable-volumes-", StringComparison.Ordinal)
        || (name.Contains('/', StringComparison.Ordinal) && !name.StartsWith("requests.", StringComparison.Ordinal));

    /// <summary>Quantity.MilliValue(): the amount in thousandths, rounded up (0.0001 cpu counts as 1m).</summary>
    public static long MilliValue(ResourceQuantity quantity) => Ceiling(quantity.ToDecimal() * 1000m);

    /// <summary>Quantity.Value(): the amount rounded up to a whole unit (1.5 bytes is 2).</summary>
    public static long Value(ResourceQuantity quantity) => Ceiling(quantity.ToDecimal());

    private static long Ceiling(decimal value)
    {
        var ceiling = decimal.Ceiling(value);
        return ceiling >= long.MaxValue ? long.MaxValue : ceiling <= long.MinValue ? long.MinValue : (long)ceiling;
    }
}
