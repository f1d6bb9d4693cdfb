namespace Skiff.Controllers;

/// <summary>A controller the controller manager runs: it waits for its informers' caches, then reconciles until stopped.</summary>
public interface IController
{
    /// <summary>The controller's name as upstream's controller manager calls it (also the events' source).</summary>
    string Name { get; }

    Task RunAsync(CancellationToken ct);
}
