package io.twinua.server.config;

import io.twinua.server.nodeset.DataTypes;
import io.twinua.server.nodeset.NodeDefinition;
import io.twinua.server.nodeset.NodeSetModel;
import io.twinua.server.nodeset.VariableDefinition;
import java.util.List;

/**
 * Checks a project against its NodeSet: every tag, internal tag and alarm source is a variable of
 * the project namespace; internal tags and setpoints ({@code writable: true}) are writable; alarm
 * sources are numeric scalars. Messages name the project file and key, like the loader's.
 */
public final class ProjectValidator {

  private final ProjectConfig project;
  private final NodeSetModel model;
  private final Values values;

  private ProjectValidator(ProjectConfig project, NodeSetModel model) {
    this.project = project;
    this.model = model;
    this.values = new Values(project.sourceFile());
  }

  public static void validate(ProjectConfig project, NodeSetModel model) throws ConfigException {
    new ProjectValidator(project, model).check();
  }

  private void check() throws ConfigException {
    if (model.namespaceIndex(project.namespaceUri()).isEmpty()) {
      throw values.error(
          KeyPath.ROOT.key("namespaceUri"),
          "namespace '" + project.namespaceUri() + "' is not in the NodeSet " + model.source()
              + " (it has " + model.namespaceUris().subList(1, model.namespaceUris().size()) + ")");
    }
    List<TagMapping> tags = project.tags();
    for (int i = 0; i < tags.size(); i++) {
      VariableDefinition variable = variable(tags.get(i).node(), KeyPath.ROOT.key("tags").index(i).key("node"));
      if (tags.get(i).writable() && !variable.isWritable()) {
        throw values.error(
            KeyPath.ROOT.key("tags").index(i).key("writable"),
            "'" + tags.get(i).node() + "' is not writable in the NodeSet " + model.source() + " (AccessLevel "
                + variable.accessLevel() + " lacks CurrentWrite), so it cannot be a setpoint");
      }
    }
    List<InternalTagConfig> internalTags = project.internalTags();
    for (int i = 0; i < internalTags.size(); i++) {
      KeyPath path = KeyPath.ROOT.key("internalTags").index(i).key("node");
      VariableDefinition variable = variable(internalTags.get(i).node(), path);
      if (!variable.isWritable()) {
        throw values.error(
            path,
            "'" + internalTags.get(i).node() + "' is not writable in the NodeSet (AccessLevel "
                + variable.accessLevel() + " lacks CurrentWrite), so operators could not set it");
      }
    }
    List<LimitAlarmConfig> alarms = project.alarms();
    for (int i = 0; i < alarms.size(); i++) {
      KeyPath path = KeyPath.ROOT.key("alarms").index(i).key("source");
      VariableDefinition variable = variable(alarms.get(i).source(), path);
      if (!variable.isNumericScalar()) {
        throw values.error(
            path,
            "'" + alarms.get(i).source() + "' is not a numeric scalar (DataType "
                + DataTypes.name(variable.dataType()) + ", ValueRank " + variable.valueRank()
                + "), a limit alarm needs one");
      }
    }
  }

  private VariableDefinition variable(String node, KeyPath path) throws ConfigException {
    NodeDefinition definition =
        model
            .node(project.namespaceUri(), node)
            .orElseThrow(
                () ->
                    values.error(
                        path,
                        "no node '" + node + "' in namespace " + project.namespaceUri() + " of " + model.source()));
    if (definition instanceof VariableDefinition variable) {
      return variable;
    }
    throw values.error(path, "'" + node + "' is a " + definition.nodeClass() + " in the NodeSet, not a variable");
  }
}
