using System.Text.Json.Nodes;
using Skiff.Api.FieldManagement;

namespace Skiff.Api.OpenApi;

/// <summary>
/// Publishes the list and map semantics server-side apply uses (<see cref="FieldSemanticsTable"/>) as upstream's
/// x-kubernetes-list-type, x-kubernetes-list-map-keys and x-kubernetes-map-type extensions, so client tools see the
/// same facts the server merges by.
/// </summary>
internal static class ServerSideApplyMarkers
{
    /// <summary>Adds the markers of field <paramref name="jsonName"/> of <paramref name="model"/> to its property schema.</summary>
    public static void AddToProperty(JsonObject property, Type model, string jsonName)
    {
        var field = (model, jsonName);
        if (FieldSemanticsTable.MapLists.TryGetValue(field, out var keys))
        {
            property["x-kubernetes-list-map-keys"] = new JsonArray([.. keys.Select(k => JsonValue.Create(k))]);
            property["x-kubernetes-list-type"] = "map";
        }
        else if (FieldSemanticsTable.SetLists.Contains(field))
        {
            property["x-kubernetes-list-type"] = "set";
        }
        else if (FieldSemanticsTable.AtomicLists.Contains(field))
        {
            property["x-kubernetes-list-type"] = "atomic";
        }

        if (FieldSemanticsTable.AtomicMaps.Contains(field))
        {
            property["x-kubernetes-map-type"] = "atomic";
        }
        else if (FieldSemanticsTable.GranularFields.Contains(field))
        {
            property["x-kubernetes-map-type"] = "granular";
        }
    }

    /// <summary>Adds the type-level marker of <paramref name="model"/> (structs owned as a whole) to its schema.</summary>
    public static void AddToType(JsonObject schema, Type model)
    {
        if (FieldSemanticsTable.AtomicStructs.Contains(model))
        {
            schema["x-kubernetes-map-type"] = "atomic";
        }
    }
}
