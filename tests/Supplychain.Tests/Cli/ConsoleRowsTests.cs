using Spectre.Console;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Importers;
using Supplychain.Stacks.Rendering;

namespace Supplychain.Tests.CliTests;

/// <summary>
/// Console tables list at most <see cref="ConsoleRows.MostRows"/> rows: beyond that, the first few of each group and a
/// sentence naming what was left out (the reports list every row). Small tables are unchanged.
/// </summary>
public sealed class ConsoleRowsTests
{
    [Fact]
    public void Should_List_Every_Row_Up_To_The_Limit()
    {
        // Given as many rows as the limit, all of one group
        var rows = Enumerable.Range(0, ConsoleRows.MostRows).Select(i => ("CMP006", i)).ToList();

        // When the rows to list are selected
        var (shown, leftOut) = ConsoleRows.Select(rows, r => r.Item1, "blocking findings");

        // Then every row is listed, in order, and nothing is said to be left out
        Assert.Equal(rows, shown);
        Assert.Null(leftOut);
    }

    [Fact]
    public void Should_List_The_First_Rows_Of_Each_Group_Beyond_The_Limit_And_Name_The_Rest()
    {
        // Given one row over the limit: 98 of CMP006, 2 of LIN003 and 1 of CMP010, interleaved
        var rows = Enumerable.Range(0, 98).Select(i => ("CMP006", i))
            .Concat([("LIN003", 1000), ("CMP010", 2000), ("LIN003", 1001)]).ToList();

        // When the rows to list are selected
        var (shown, leftOut) = ConsoleRows.Select(rows, r => r.Item1, "blocking findings");

        // Then each group's first five rows are listed in input order, and the sentence counts the rest per group
        Assert.Equal([("CMP006", 0), ("CMP006", 1), ("CMP006", 2), ("CMP006", 3), ("CMP006", 4), ("LIN003", 1000), ("CMP010", 2000), ("LIN003", 1001)], shown);
        Assert.Equal("8 of 101 blocking findings listed (the first 5 of each); not listed: CMP006 93. Every one is in the reports (--report-dir DIR).", leftOut);
    }

    [Fact]
    public void Should_Print_A_Large_Safety_Table_In_Part_And_Say_So()
    {
        // Given 1,114 retain-on-delete signals and one data-loss signal (a 1 GB preview's copies of one volume)
        var signals = Enumerable.Range(0, 1114)
            .Select(i => new SafetySignal(SafetyKind.RetainOnDelete, Severity.Low, $"storage-c{i}", "kubernetes:core/v1:PersistentVolumeClaim", "retainOnDelete"))
            .Append(new SafetySignal(SafetyKind.DataLoss, Severity.Critical, "db", "aws:rds/instance:Instance", "holds data and is deleted")).ToList();
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 160;

        // When the audit prints them
        AuditTables.WriteSafety(console, signals);

        // Then the count is whole, the table lists five of the kind and the other one, and the rest are named as left out
        var text = output.ToString();
        Assert.Contains("Safety signals (1115;", text, StringComparison.Ordinal);
        Assert.Contains("storage-c4 ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("storage-c5 ", text, StringComparison.Ordinal);
        Assert.Contains("│ data-loss", text, StringComparison.Ordinal);
        Assert.Contains("6 of 1,115 safety signals listed (the first 5 of each); not listed: retain-on-delete 1,109.", text, StringComparison.Ordinal);
    }
}
