using Skiff.Testing;

namespace Skiff.Controllers.Tests.Infrastructure;

/// <summary>Runs a controller on a test cluster the way the controller manager does.</summary>
public static class ControllerRuns
{
    public static void Run(this TestCluster cluster, IController controller) => cluster.Run(controller.RunAsync);
}
