using System.Text.Json.Nodes;
using Supplychain.Components.Domain;
using Supplychain.Stacks.Settings;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Settings;

public sealed class StackSettingsReaderTests
{
    [Fact]
    public void Should_Read_A_Valid_Config_Into_The_Spec()
    {
        // Given a valid config / When it is read
        var settings = ReadYaml(Valid());

        // Then the spec carries every declared value, with defaults filled in
        Assert.Equal("dev", settings.StackName);
        Assert.Equal("Pulumi.dev.yaml", settings.SourceDescription);
        Assert.Equal(new StackContext("dev", DeploymentTarget.Local, EnvironmentTier.Dev, "ml-platform", "cc-4120", "internal"), settings.Spec.Stack);
        Assert.Equal(["fraud", "search"], settings.Spec.Teams.Select(t => t.Name));
        Assert.Equal(0, settings.Spec.Teams[1].GpuQuota);
        Assert.Null(settings.Spec.Teams[1].MonthlyBudgetUsd);
        Assert.Equal(new GpuPoolSpec("inference", GpuPoolPurpose.Inference, "nvidia-l4", 1, 0, 2, false), settings.Spec.GpuPools[0]);
        Assert.Equal(2500m, settings.Spec.Budget!.MonthlyUsd);
        Assert.Empty(settings.Spec.Budget.AlertEmails);
        Assert.Equal(new LocalTargetSpec(), settings.Spec.Local);
        Assert.Empty(settings.SecretKeysSet);
        Assert.Null(settings.Spec.AlertWebhookConfigKey);
    }

    [Fact]
    public void Should_Reject_Unknown_Key_With_A_Suggestion()
    {
        // Given a misspelled top-level key
        var config = Valid();
        config["teems"] = config["teams"]!.DeepClone();

        // When it is read / Then the error names the key and suggests the known one
        var error = SingleError(config);
        Assert.Equal("supplychain:teems", error.Key);
        Assert.Contains("unknown key; did you mean teams?", error.Message);
        Assert.Equal("Pulumi.dev.yaml", error.Source);
    }

    [Fact]
    public void Should_Reject_Unknown_Key_Far_From_Any_Known_Key_Without_A_Suggestion()
    {
        var config = Valid();
        config["replicaCount"] = "3";

        var error = SingleError(config);

        Assert.Equal("supplychain:replicaCount", error.Key);
        Assert.DoesNotContain("did you mean", error.Message);
        Assert.StartsWith("unknown key; allowed keys: target, environment", error.Message);
    }

    [Fact]
    public void Should_Reject_Unknown_Field_Inside_An_Object_With_A_Suggestion()
    {
        var config = Valid();
        config["teams"]![0]!["gpuQouta"] = 1;

        var error = SingleError(config);

        Assert.Equal("supplychain:teams[0].gpuQouta", error.Key);
        Assert.Contains("unknown field; did you mean gpuQuota?", error.Message);
    }

    [Fact]
    public void Should_Ignore_Keys_Of_Other_Namespaces()
    {
        // Given a stack file with provider config beside the project's
        var text = StackFile(Valid()).Replace("config: {", "config: {\n  \"kubernetes:context\": \"kind-dev\",\n  \"aws:region\": \"us-east-1\",");

        // When it is read
        var source = YamlSource(text);
        var settings = StackSettingsReader.Read(source);

        // Then they are set aside, not errors
        Assert.Equal(["kubernetes:context", "aws:region"], source.OtherNamespaceKeys);
        Assert.Equal("ml-platform", settings.Spec.Stack.Owner);
    }

    [Theory]
    [InlineData("target", "gcp", "\"gcp\" is not allowed; expected one of local, aws, azure")]
    [InlineData("environment", "production", "\"production\" is not allowed; expected one of dev, staging, prod")]
    [InlineData("dataClassification", "secret", "\"secret\" is not allowed; expected one of public, internal, confidential, restricted")]
    public void Should_Reject_A_Value_Outside_Its_Allowed_Set(string key, string value, string message)
    {
        var config = Valid();
        config[key] = value;

        var error = SingleError(config);

        Assert.Equal("supplychain:" + key, error.Key);
        Assert.StartsWith(message, error.Message);
    }

    [Theory]
    [InlineData("target")]
    [InlineData("environment")]
    [InlineData("owner")]
    [InlineData("costCenter")]
    [InlineData("teams")]
    public void Should_Require_Key(string key)
    {
        var config = Valid();
        config.Remove(key);

        var error = SingleError(config);

        Assert.Equal("supplychain:" + key, error.Key);
        Assert.StartsWith("is required; expected", error.Message);
    }

    [Theory]
    [InlineData("ML Platform")]
    [InlineData("-leading-dash")]
    [InlineData("a-label-value-that-is-far-too-long-for-kubernetes-labels-to-carry-it")]
    public void Should_Reject_An_Owner_That_Is_Not_A_Label_Value(string owner)
    {
        var config = Valid();
        config["owner"] = owner;

        var error = SingleError(config);

        Assert.Equal("supplychain:owner", error.Key);
        Assert.Contains("is not a valid label value; expected a Kubernetes label value", error.Message);
    }

    [Fact]
    public void Should_Default_Data_Classification_To_Internal_And_Accept_A_Declared_One()
    {
        var config = Valid();
        config["dataClassification"] = "restricted";

        Assert.Equal("restricted", ReadYaml(config).Spec.Stack.DataClassification);
    }

    [Fact]
    public void Should_Reject_A_Wrong_Type()
    {
        // Given teams written as a single string
        var config = Valid();
        config["teams"] = "fraud";

        var error = SingleError(config);

        Assert.Equal("supplychain:teams", error.Key);
        Assert.StartsWith("\"fraud\" is not a list; expected a list of teams", error.Message);
    }

    [Fact]
    public void Should_Reject_An_Empty_Team_List()
    {
        var config = Valid();
        config["teams"] = new JsonArray();
        config["models"] = new JsonArray();

        var error = SingleError(config);

        Assert.Equal("supplychain:teams", error.Key);
        Assert.Equal("is empty; expected at least one team", error.Message);
    }

    [Fact]
    public void Should_Reject_Duplicate_Team_Names()
    {
        var config = Valid();
        config["teams"]![1]!["name"] = "fraud";
        config["models"]![1]!["team"] = "fraud";

        var error = SingleError(config);

        Assert.Equal("supplychain:teams[1].name", error.Key);
        Assert.Contains("already declared at supplychain:teams[0].name", error.Message);
    }

    [Theory]
    [InlineData("Fraud")]
    [InlineData("fraud_team")]
    [InlineData("a-team-name-longer-than-forty-characters-x")]
    public void Should_Reject_A_Team_Name_That_Is_Not_A_Dns_Label(string name)
    {
        var config = Valid();
        config["teams"]![1]!["name"] = name;
        config["models"]![1]!["team"] = name;

        var error = YamlError(config).Errors[0];

        Assert.Equal("supplychain:teams[1].name", error.Key);
        Assert.Contains("expected a DNS label: at most 40", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(513)]
    public void Should_Reject_A_Gpu_Quota_Out_Of_Range(int quota)
    {
        var config = Valid();
        config["teams"]![0]!["gpuQuota"] = quota;

        var error = SingleError(config);

        Assert.Equal("supplychain:teams[0].gpuQuota", error.Key);
        Assert.Equal($"{quota} is out of range; expected an integer from 0 to 512", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Fractional_Integer()
    {
        var config = Valid();
        config["teams"]![0]!["gpuQuota"] = 1.5;

        var error = SingleError(config);

        Assert.Equal("1.5 is not an integer; expected an integer from 0 to 512", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Non_Positive_Team_Budget()
    {
        var config = Valid();
        config["teams"]![0]!["monthlyBudgetUsd"] = 0;

        var error = SingleError(config);

        Assert.Equal("supplychain:teams[0].monthlyBudgetUsd", error.Key);
        Assert.StartsWith("0 is out of range; expected a number greater than 0", error.Message);
    }

    [Fact]
    public void Should_Reject_An_Empty_Group_Name()
    {
        var config = Valid();
        config["teams"]![0]!["groups"] = new JsonArray("fraud-ml", "");

        var error = SingleError(config);

        Assert.Equal("supplychain:teams[0].groups[1]", error.Key);
        Assert.StartsWith("is empty", error.Message);
    }

    [Fact]
    public void Should_Reject_Duplicate_Pool_Names()
    {
        var config = Valid();
        config["gpuPools"]![1]!["name"] = "inference";

        var error = SingleError(config);

        Assert.Equal("supplychain:gpuPools[1].name", error.Key);
        Assert.Contains("expected unique GPU pool names", error.Message);
    }

    [Fact]
    public void Should_Reject_Max_Nodes_Below_Min_Nodes()
    {
        var config = Valid();
        config["gpuPools"]![0]!["minNodes"] = 3;

        var error = SingleError(config);

        Assert.Equal("supplychain:gpuPools[0].maxNodes", error.Key);
        Assert.Equal("2 is less than minNodes (3); expected an integer from 3 to 1000", error.Message);
    }

    [Fact]
    public void Should_Accept_A_Pool_Without_Max_Nodes()
    {
        // The cost pack refuses an unbounded pool later; as config it is legal.
        var config = Valid();
        config["gpuPools"]![0]!.AsObject().Remove("maxNodes");

        Assert.Null(ReadYaml(config).Spec.GpuPools[0].MaxNodes);
    }

    [Theory]
    [InlineData("gpusPerNode", 0, "0 is out of range; expected an integer from 1 to 16")]
    [InlineData("gpusPerNode", 17, "17 is out of range; expected an integer from 1 to 16")]
    [InlineData("minNodes", 1001, "1001 is out of range; expected an integer from 0 to 1000")]
    [InlineData("purpose", "serving", "\"serving\" is not allowed; expected one of training, inference")]
    [InlineData("spot", "maybe", "\"maybe\" is not a boolean; expected true or false")]
    public void Should_Reject_An_Invalid_Pool_Field(string field, object value, string message)
    {
        var config = Valid();
        config["gpuPools"]![1]![field] = value switch { int i => JsonValue.Create(i), _ => JsonValue.Create((string)value) };

        var error = SingleError(config);

        Assert.Equal($"supplychain:gpuPools[1].{field}", error.Key);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Should_Accept_No_Gpu_Pools_When_No_Model_Asks_For_Gpus()
    {
        var config = Valid();
        config.Remove("gpuPools");
        config["models"]![1]!["serving"] = new JsonObject();

        Assert.Empty(ReadYaml(config).Spec.GpuPools);
    }

    [Fact]
    public void Should_Read_The_Budget_With_Emails_And_Thresholds()
    {
        var config = Valid();
        config["budget"] = JsonNode.Parse("""{ "monthlyUsd": 900.5, "alertEmails": ["a@example.com"], "alertThresholdsPercent": [50, 120] }""");

        var budget = ReadYaml(config).Spec.Budget!;

        Assert.Equal(900.5m, budget.MonthlyUsd);
        Assert.Equal(["a@example.com"], budget.AlertEmails);
        Assert.Equal([50, 120], budget.EffectiveThresholds);
    }

    [Fact]
    public void Should_Accept_A_Config_Without_Budget()
    {
        // The cost pack refuses a missing budget later; as config it is legal.
        var config = Valid();
        config.Remove("budget");

        Assert.Null(ReadYaml(config).Spec.Budget);
    }

    [Theory]
    [InlineData("""{ "alertEmails": ["a@example.com"] }""", "supplychain:budget.monthlyUsd", "is required; expected a number greater than 0")]
    [InlineData("""{ "monthlyUsd": -5 }""", "supplychain:budget.monthlyUsd", "-5 is out of range; expected a number greater than 0")]
    [InlineData("""{ "monthlyUsd": 10, "alertEmails": ["not-an-email"] }""", "supplychain:budget.alertEmails[0]", "\"not-an-email\" is not a valid email address")]
    [InlineData("""{ "monthlyUsd": 10, "alertThresholdsPercent": [80, 0] }""", "supplychain:budget.alertThresholdsPercent[1]", "0 is out of range; expected an integer from 1 to 200")]
    [InlineData("""{ "monthlyUsd": 10, "currency": "EUR" }""", "supplychain:budget.currency", "unknown field")]
    public void Should_Reject_An_Invalid_Budget(string budget, string key, string message)
    {
        var config = Valid();
        config["budget"] = JsonNode.Parse(budget);

        var error = SingleError(config);

        Assert.Equal(key, error.Key);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Should_Read_Local_Target_Options()
    {
        var config = Valid();
        config["kubeContext"] = "kind-supplychain";
        config["storageClass"] = "standard";

        Assert.Equal(new LocalTargetSpec("kind-supplychain", "standard"), ReadYaml(config).Spec.Local);
    }

    [Fact]
    public void Should_Accept_Local_Options_On_Other_Targets()
    {
        // They only apply to the local target; elsewhere they are read and ignored by the components.
        var config = Valid();
        config["target"] = "aws";
        config["aws"] = new JsonObject { ["region"] = "us-east-1" };
        config["storageClass"] = "gp3";

        Assert.Equal("gp3", ReadYaml(config).Spec.Local.StorageClass);
    }

    [Fact]
    public void Should_Require_The_Aws_Options_On_The_Aws_Target()
    {
        var config = Valid();
        config["target"] = "aws";

        var e = Assert.Throws<ConfigurationException>(() => ReadYaml(config));
        Assert.Contains(e.Errors, x => x.Key == "supplychain:aws" && x.Message.Contains("region"));
    }

    [Fact]
    public void Should_Reject_A_Ci_Repository_That_Is_Not_Owner_Slash_Repo()
    {
        var config = Valid();
        config["ci"] = new JsonObject { ["githubRepository"] = "https://github.com/acme/ml" };

        var e = Assert.Throws<ConfigurationException>(() => ReadYaml(config));
        Assert.Contains(e.Errors, x => x.Key == "supplychain:ci.githubRepository" && x.Message.Contains("owner/repo"));
    }

    [Fact]
    public void Should_Reject_A_Storage_Class_That_Is_Not_A_Dns_Name()
    {
        var config = Valid();
        config["storageClass"] = "Fast SSD";

        var error = SingleError(config);

        Assert.Equal("supplychain:storageClass", error.Key);
        Assert.StartsWith("\"Fast SSD\" is not a valid StorageClass name", error.Message);
    }

    [Fact]
    public void Should_Collect_All_Errors_Of_A_File_One_Per_Line()
    {
        // Given three independent mistakes
        var config = Valid();
        config["target"] = "gcp";
        config["teams"]![0]!["gpuQuota"] = 999;
        config["models"]![0]!["artifact"]!["digest"] = "sha256:abc";

        // When it is read
        var exception = YamlError(config);

        // Then all three are reported, each on its own line with source and key
        Assert.Equal(["supplychain:target", "supplychain:teams[0].gpuQuota", "supplychain:models[0].artifact.digest"], exception.Errors.Select(e => e.Key));
        Assert.Equal(3, exception.Message.Split(System.Environment.NewLine).Length);
        Assert.All(exception.Message.Split(System.Environment.NewLine), line => Assert.StartsWith("Pulumi.dev.yaml: supplychain:", line));
        Assert.Equal("Pulumi.dev.yaml", exception.Source);
        Assert.Equal("supplychain:target", exception.Key);
    }
}
