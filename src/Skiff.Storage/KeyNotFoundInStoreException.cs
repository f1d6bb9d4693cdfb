namespace Skiff.Storage;

/// <summary>Thrown by an update or delete when the key does not exist.</summary>
public sealed class KeyNotFoundInStoreException(string key)
    : Exception($"key {key} not found")
{
    /// <summary>The key that was not found.</summary>
    public string Key { get; } = key;
}
