namespace Skiff.ApiServer.Objects;

/// <summary>An object as served: its typed model (resourceVersion set) and its JSON with the resourceVersion in it.</summary>
public sealed record StoredObject(object Model, byte[] Json, long Revision);
