namespace Skiff.ApiServer.Watch;

/// <summary>Ends a watch whose client did not read events fast enough; the client re-watches.</summary>
public sealed class WatcherTooSlowException() : Exception("the watcher could not keep up with the event rate");
