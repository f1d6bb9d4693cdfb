namespace Skiff.Storage;

/// <summary>Thrown by a create when the key already exists.</summary>
public sealed class KeyExistsException(string key)
    : Exception($"key {key} already exists")
{
    /// <summary>The key that exists.</summary>
    public string Key { get; } = key;
}
