using k8s.Models;
using Skiff.Api.Tables;

namespace Skiff.Api.Tests.Tables;

/// <summary>A fixed clock and shorthands for building objects and printing them.</summary>
internal static class TableTestObjects
{
    public static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static V1ObjectMeta Meta(string name, TimeSpan? age = null) =>
        new() { Name = name, NamespaceProperty = "default", CreationTimestamp = Now - (age ?? TimeSpan.FromMinutes(5)) };

    public static object?[] Print(string group, string plural, object obj) => TablePrinters.For(group, plural).Cells(obj, Now);
}
