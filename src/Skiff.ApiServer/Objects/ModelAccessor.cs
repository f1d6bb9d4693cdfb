using System.Collections.Concurrent;
using System.Reflection;
using k8s;
using k8s.Models;

namespace Skiff.ApiServer.Objects;

/// <summary>Reaches the metadata, spec and status of any k8s.Models object without knowing its type.</summary>
public static class ModelAccessor
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo? Spec, PropertyInfo? Status)> Properties = new();

    public static V1ObjectMeta Metadata(object obj)
    {
        var holder = (IMetadata<V1ObjectMeta>)obj;
        return holder.Metadata ??= new V1ObjectMeta();
    }

    public static object? Spec(object obj) => PropertiesOf(obj.GetType()).Spec?.GetValue(obj);

    public static object? Status(object obj) => PropertiesOf(obj.GetType()).Status?.GetValue(obj);

    public static void SetStatus(object obj, object? status) => PropertiesOf(obj.GetType()).Status?.SetValue(obj, status);

    public static void SetSpec(object obj, object? spec) => PropertiesOf(obj.GetType()).Spec?.SetValue(obj, spec);

    public static bool HasStatus(Type type) => PropertiesOf(type).Status is not null;

    public static void SetTypeMeta(object obj, string apiVersion, string kind)
    {
        var typed = (IKubernetesObject)obj;
        typed.ApiVersion = apiVersion;
        typed.Kind = kind;
    }

    private static (PropertyInfo? Spec, PropertyInfo? Status) PropertiesOf(Type type) =>
        Properties.GetOrAdd(type, t => (t.GetProperty("Spec"), t.GetProperty("Status")));
}
