using System.Globalization;
using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>Cell formatting shared by the printers, mirroring the small helpers in upstream printers.go.</summary>
internal static class TableCells
{
    public const string None = "<none>";
    public const string Unknown = "<unknown>";
    public const string Unset = "<unset>";

    /// <summary>translateTimestampSince: the HumanDuration since <paramref name="timestamp"/>, <c>&lt;unknown&gt;</c> when unset.</summary>
    public static string Since(DateTime? timestamp, DateTime now) =>
        IsZero(timestamp) ? Unknown : HumanDuration.Format(ToUtc(now) - ToUtc(timestamp!.Value));

    /// <summary>The AGE cell of an object.</summary>
    public static string Age(V1ObjectMeta? metadata, DateTime now) => Since(metadata?.CreationTimestamp, now);

    /// <summary>Go's time.IsZero: models carry an unset timestamp as null or (after a round trip) as year 1.</summary>
    public static bool IsZero(DateTime? timestamp) => timestamp is null || timestamp.Value.Ticks == 0;

    /// <summary>Timestamps from JSON may be Local or Unspecified; Kubernetes times are UTC, so unspecified ones are taken as UTC.</summary>
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>Go's time.RFC3339 for a UTC time, as the default table convertor prints "Created At".</summary>
    public static string Rfc3339(DateTime? timestamp) =>
        ToUtc(timestamp ?? default).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>layoutContainerCells: container names and images, each joined with commas.</summary>
    public static (string Names, string Images) Containers(IList<V1Container>? containers)
    {
        if (containers is null)
        {
            return ("", "");
        }

        return (string.Join(",", containers.Select(c => c.Name)), string.Join(",", containers.Select(c => c.Image)));
    }

    /// <summary>resource.Quantity.String(): the canonical form; a nil *Quantity prints as Go's <c>&lt;nil&gt;</c>.</summary>
    public static string Quantity(ResourceQuantity? quantity) => quantity?.ToString() ?? "<nil>";

    /// <summary>A map lookup of a quantity, where Go's zero Quantity prints as "0".</summary>
    public static string Quantity(IDictionary<string, ResourceQuantity>? quantities, string name) =>
        quantities is not null && quantities.TryGetValue(name, out var quantity) && quantity is not null ? quantity.ToString() : "0";

    /// <summary>helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that fixed order, each at most once.</summary>
    public static string AccessModes(IList<string>? modes)
    {
        if (modes is null)
        {
            return "";
        }

        var shortNames = new List<string>(4);
        foreach (var (mode, shortName) in AccessModeNames)
        {
            if (modes.Contains(mode))
            {
                shortNames.Add(shortName);
            }
        }

        return string.Join(",", shortNames);
    }

    /// <summary>Integer cells are int64 in upstream; boxing them as long keeps the JSON a plain integer.</summary>
    public static long Integer(int? value) => value ?? 0;

    private static readonly (string Mode, string ShortName)[] AccessModeNames =
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ];
}
