using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;
using Skiff.Api.Resources;

namespace Skiff.Api.OpenApi;

/// <summary>
/// Gives each k8s.Models type its upstream OpenAPI definition name (io.k8s.api.apps.v1.Deployment, …). The client
/// library drops the package from class names, so the package is recovered: from the registry for kinds, from a
/// group prefix in the class name (Corev1Event), from the list of meta/v1 types, or else from the first registered
/// kind (core first) whose object graph contains the type.
/// </summary>
internal sealed partial class ModelSchemaNames
{
    public const string MetaPackage = "io.k8s.apimachinery.pkg.apis.meta.v1";
    public const string TimeName = MetaPackage + ".Time";
    public const string MicroTimeName = MetaPackage + ".MicroTime";
    public const string QuantityName = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string IntOrStringName = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public const string PatchName = MetaPackage + ".Patch";
    public const string FieldsV1Name = MetaPackage + ".FieldsV1";
    public const string RawExtensionName = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    private static readonly HashSet<string> MetaTypes = new(StringComparer.Ordinal)
    {
        "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition", "DeleteOptions",
        "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ManagedFieldsEntry",
        "ObjectMeta", "OwnerReference", "Preconditions", "ServerAddressByClientCIDR", "Status", "StatusCause",
        "StatusDetails", "WatchEvent", "ShardInfo",
    };

    private readonly Dictionary<Type, string> names = [];
    private readonly Dictionary<Type, string> packages = [];

    public ModelSchemaNames(ResourceRegistry registry)
    {
        // Kinds first, so a nested type is never claimed before its own kind is known.
        foreach (var resource in registry.Resources)
        {
            var package = PackageOf(resource.Group) + "." + resource.Version;
            names.TryAdd(resource.ModelType, package + "." + resource.Kind);
            names.TryAdd(resource.ListModelType, package + "." + resource.Kind + "List");
            packages.TryAdd(resource.ModelType, PackageOf(resource.Group));
            packages.TryAdd(resource.ListModelType, PackageOf(resource.Group));
        }

        foreach (var resource in registry.Resources)
        {
            Claim(resource.ModelType, PackageOf(resource.Group));
        }

        names.TryAdd(typeof(V1Scale), "io.k8s.api.autoscaling.v1.Scale");
        Claim(typeof(V1Scale), PackageOf("autoscaling"));
    }

    /// <summary>The definition name of a model class, or null if it is not a k8s.Models object type.</summary>
    public string? NameOf(Type type)
    {
        if (names.TryGetValue(type, out var known))
        {
            return known;
        }

        if (!IsModel(type))
        {
            return null;
        }

        var (package, version, kind) = Split(type.Name);
        var name = MetaTypes.Contains(kind) ? $"{MetaPackage}.{kind}" : $"{package ?? packages.GetValueOrDefault(type, PackageOf(string.Empty))}.{version}.{kind}";
        names[type] = name;
        return name;
    }

    /// <summary>Whether the type is an object schema of its own (a k8s.Models class, not a scalar wrapper).</summary>
    public static bool IsModel(Type type) =>
        type.Namespace == "k8s.Models" && type.IsClass && type != typeof(ResourceQuantity) && type != typeof(IntOrString);

    /// <summary>The JSON-named properties of a model class, in declaration order, with their C# names (the documentation keys).</summary>
    public static IEnumerable<(string JsonName, Type Type, string ClrName)> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Attribute: p.GetCustomAttribute<JsonPropertyNameAttribute>(), p.PropertyType, p.Name))
            .Where(p => p.Attribute is not null)
            .Select(p => (p.Attribute!.Name, p.PropertyType, p.Name));

    /// <summary>The model class inside a property type: T of T?, IList&lt;T&gt; or IDictionary&lt;string, T&gt;.</summary>
    public static Type ElementType(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return underlying;
        }

        if (type != typeof(string) && type != typeof(byte[]) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType)
        {
            return ElementType(type.GetGenericArguments()[^1]);
        }

        return type;
    }

    private void Claim(Type root, string package)
    {
        var pending = new Stack<Type>();
        pending.Push(root);
        var seen = new HashSet<Type>();
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!seen.Add(type))
            {
                continue;
            }

            packages.TryAdd(type, package);
            foreach (var (_, propertyType, _) in Properties(type))
            {
                var element = ElementType(propertyType);
                if (IsModel(element))
                {
                    pending.Push(element);
                }
            }
        }
    }

    private static string PackageOf(string group) => group switch
    {
        "" or "core" => "io.k8s.api.core",
        "apiextensions.k8s.io" or "apiextensions" => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
        "apiregistration.k8s.io" or "apiregistration" => "io.k8s.kube-aggregator.pkg.apis.apiregistration",
        _ => "io.k8s.api." + group.Split('.')[0],
    };

    // "Corev1Event" names its group; "V1PodSpec" only its version.
    private static (string? Package, string Version, string Kind) Split(string className)
    {
        var grouped = GroupedClassName().Match(className);
        if (grouped.Success)
        {
            return (PackageOf(grouped.Groups[1].Value.ToLowerInvariant()), grouped.Groups[2].Value, grouped.Groups[3].Value);
        }

        var versioned = VersionedClassName().Match(className);
        return versioned.Success
            ? (null, "v" + versioned.Groups[1].Value, versioned.Groups[2].Value)
            : (null, "v1", className);
    }

    [GeneratedRegex("^([A-Z][a-z]+)(v[0-9]+(?:alpha[0-9]+|beta[0-9]+)?)([A-Z][A-Za-z0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupedClassName();

    [GeneratedRegex("^V([0-9]+(?:alpha[0-9]+|beta[0-9]+)?)([A-Z][A-Za-z0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionedClassName();
}
